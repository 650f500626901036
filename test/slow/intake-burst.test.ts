import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signal } from "../../db/schema/index.ts";
import { createIntakeApi } from "../../src/api/intake/index.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeSource, postIntake } from "../helpers/intake.ts";

let deps: TestDeps;
let intake: ReturnType<typeof createIntakeApi>;
let generic: Awaited<ReturnType<typeof makeSource>>;

beforeAll(async () => {
  deps = await createTestDeps();
  intake = createIntakeApi(deps);
  generic = await makeSource(deps, "generic");
});
afterAll(() => deps.testDb.destroy());

describe("intake burst", () => {
  it("absorbs 1,000 alerts sent at once without dropping one", async () => {
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        postIntake(intake, "generic", generic.headers, {
          fingerprint: `burst-${i}`,
          status: "firing",
          severity: "warning",
          summary: `Burst ${i}`,
          labels: { i: String(i) },
        }),
      ),
    );
    const ms = performance.now() - started;
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const rows = await deps.db.select().from(signal).where(eq(signal.sourceId, generic.id));
    expect(new Set(rows.map((r) => r.fingerprint)).size).toBe(1000);
    // A figure for the reader, not an assertion: wall time depends on what else the machine runs.
    console.info(`intake burst: 1000 single-alert requests in ${Math.round(ms)} ms = ${Math.round(1000 / (ms / 1000))} alerts/s`);
  });
});
