import { afterEach, describe, expect, it } from "vitest";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { relatedRows } from "../../src/notify/reserve.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeSubscribers, publishIncident, publishUpdate } from "../helpers/factories-delivery.ts";

let deps: TestDeps;
afterEach(() => deps?.testDb.destroy());

describe("a long incident's history", () => {
  it("claiming reads one row per subscriber and incident for what was sent, not one per update", async () => {
    deps = await createTestDeps();
    const [id] = await makeSubscribers(deps, [{ email: "long@example.com" }]);
    const { incidentId } = await publishIncident(deps, { body: "Update 0" });
    const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
    await dispatcher.tick();
    for (let i = 1; i <= 25; i++) {
      deps.clock.advance(1000);
      await publishUpdate(deps, incidentId, { body: `Update ${i}` });
      await dispatcher.tick();
    }
    const rows = await relatedRows(deps.db, "email", [id as string]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ incidentId, state: "sent" });
    expect(rows[0]?.seq).toBeGreaterThan(0);
  });
});
