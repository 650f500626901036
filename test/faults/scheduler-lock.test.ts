import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScheduler } from "../../src/jobs/scheduler.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { holdWriteLock, sqliteScalar } from "./helpers.ts";

let deps: TestDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.testDb.destroy());

describe("a scheduler tick while another process holds the write lock", () => {
  it("resolves instead of rejecting (a rejected tick ended the server), and the job runs on the next tick", async () => {
    let runs = 0;
    const scheduler = createScheduler(deps, [{ name: "probe", run: async () => `run ${++runs}` }]);
    const lock = await holdWriteLock(deps.testDb.file);
    const during = await scheduler.tick().catch((err: unknown) => err);
    await lock.release();
    expect(during).toEqual([]);
    expect(runs).toBe(0);
    expect(await scheduler.tick()).toEqual(["probe"]);
    expect(sqliteScalar(deps.testDb.file, "SELECT last_result FROM job_lease WHERE name = 'probe'")).toBe("run 1");
  });
});
