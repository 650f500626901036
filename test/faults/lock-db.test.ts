import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WRITE_WAIT_MS } from "../../db/client.ts";
import { DatabaseFaultError } from "../../db/faults.ts";
import { appState } from "../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";
import { holdWriteLock, sqliteScalar, watchEventLoop } from "./helpers.ts";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.destroy());

const put = (key: string) => t.db.insert(appState).values({ key, value: "v", updatedAt: new Date() });
const committed = (prefix: string) => Number(sqliteScalar(t.file, `SELECT count(*) FROM app_state WHERE key LIKE '${prefix}%'`));

describe("a write lock held by another process", () => {
  it("is waited for without blocking the event loop, and the write then commits", async () => {
    const lock = await holdWriteLock(t.file);
    const loop = watchEventLoop();
    const write = put("waited").then(() => "done"); // then() starts the query
    await new Promise((r) => setTimeout(r, 1500));
    await lock.release();
    expect(await write).toBe("done");
    // The lock lasted 1.5 s; a driver waiting synchronously would stall the loop for all of it.
    expect(loop.stop()).toBeLessThan(750);
    expect(committed("waited")).toBe(1);
  });

  it("answers busy once it outlasts the wait, and every later write really commits", async () => {
    const lock = await holdWriteLock(t.file);
    const loop = watchEventLoop();
    const failed = await put("refused").catch((err: unknown) => err);
    const longestStall = loop.stop();
    await lock.release();
    for (let i = 0; i < 5; i++) await put(`after-${i}`);
    await t.db.transaction(async (tx) => {
      await tx.insert(appState).values({ key: "after-tx", value: "v", updatedAt: new Date() });
    });
    await t.db.update(appState).set({ value: "w" }).where(eq(appState.key, "after-0"));
    // Read by another process: acknowledged means committed.
    expect(committed("after-")).toBe(6);
    expect(sqliteScalar(t.file, "SELECT value FROM app_state WHERE key = 'after-0'")).toBe("w");
    expect(committed("refused")).toBe(0);
    expect(longestStall).toBeLessThan(WRITE_WAIT_MS / 2);
    expect((failed as Error).cause ?? failed).toBeInstanceOf(DatabaseFaultError);
  });
});
