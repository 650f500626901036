import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { notification } from "../../db/schema/index.ts";
import { expandNotification } from "../../src/notify/expand.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeComponent, makeSubscribers, publishIncident } from "../helpers/factories.ts";

let deps: TestDeps;
afterAll(() => deps?.testDb.destroy());

describe("a 5,000-subscriber expansion", () => {
  it("lets the event loop take turns (timers fire while it runs)", async () => {
    deps = await createTestDeps();
    const api = (await makeComponent(deps, { name: "API" })).id;
    await makeSubscribers(
      deps,
      Array.from({ length: 5000 }, (_, i) => ({ email: `u${i}@example.com`, components: i % 2 ? [api] : [] })),
    );
    const { notificationId } = await publishIncident(deps, { components: [api], body: "x" });
    const [n] = await deps.db.select().from(notification).where(eq(notification.id, notificationId));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      expect(await expandNotification(deps, n as NonNullable<typeof n>)).toBe(5000);
    } finally {
      clearInterval(timer);
    }
    // The database takes a turn every ~10 ms of statements (db/take-turns.ts); without it the timer never fires.
    // Counted as events, not as a ratio to wall time, so a busy machine cannot fail it.
    expect(ticks).toBeGreaterThanOrEqual(2);
  });
});
