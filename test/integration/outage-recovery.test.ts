import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deliveryBatch } from "../../db/schema/index.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { resendMailer } from "../../src/notify/mailer.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeSubscribers, publishIncident } from "../helpers/factories-delivery.ts";
import { FakeResend } from "../helpers/fake-resend.ts";

let fake: FakeResend;
let deps: TestDeps;
beforeAll(async () => {
  fake = await new FakeResend().start();
});
afterAll(() => fake.stop());
afterEach(() => deps?.testDb.destroy());

describe("after a provider outage", () => {
  it("the first batch that gets through pulls the other waiting batches forward", async () => {
    deps = await createTestDeps({ mailer: () => resendMailer("re_test_key", "Status <s@status.test>", fake.url) });
    await makeSubscribers(
      deps,
      Array.from({ length: 300 }, (_, i) => ({ email: `outage${i}@example.com` })),
    );
    await publishIncident(deps, { body: "Outage" });
    const before = fake.accepted.length;
    const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
    fake.failWith = 503;
    for (let i = 0; i < 10; i++) {
      deps.clock.advance(20 * 60_000);
      await dispatcher.tick();
    }
    fake.failWith = null;
    const batches = await deps.db.select().from(deliveryBatch);
    expect(batches).toHaveLength(3);
    expect(batches.every((b) => b.attempts >= 5)).toBe(true);
    // Only the earliest is due; its success means the provider is back, so the others go too.
    const due = batches.map((b) => b.nextAttemptAt.getTime()).sort((a, b) => a - b);
    expect(due[0]).toBeLessThan(due[2] as number);
    deps.clock.advance((due[0] as number) - deps.clock.now().getTime());
    await dispatcher.tick();
    expect(fake.accepted.length - before).toBe(300);
  });
});
