import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeRateLimit, enforceRateLimit } from "../../src/services/rate-limit.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

let deps: TestDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.testDb.destroy());

describe("rate limits in the database", () => {
  const rule = { limit: 3, windowMs: 60_000 };

  it("allows up to the limit, then refuses until the window ends", async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await consumeRateLimit(deps.db, deps.clock, "k:a", rule));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[3]).toEqual({ ok: false, retryAfterSeconds: 60 });
    deps.clock.advance(60_000);
    expect((await consumeRateLimit(deps.db, deps.clock, "k:a", rule)).ok).toBe(true);
  });

  it("keys are independent", async () => {
    for (let i = 0; i < 3; i++) await consumeRateLimit(deps.db, deps.clock, "k:b", rule);
    expect((await consumeRateLimit(deps.db, deps.clock, "k:c", rule)).ok).toBe(true);
  });

  it("enforce throws a 429 error with Retry-After", async () => {
    for (let i = 0; i < 3; i++) await enforceRateLimit(deps.db, deps.clock, "k:d", rule);
    await expect(enforceRateLimit(deps.db, deps.clock, "k:d", rule)).rejects.toMatchObject({
      code: "rate_limited",
      headers: { "Retry-After": "60" },
    });
  });
});
