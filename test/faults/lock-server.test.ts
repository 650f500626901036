import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../helpers/server.ts";
import { committedComponents, holdWriteLock, type Writer, writerFor } from "./helpers.ts";

let server: RunningServer;
let writer: Writer;
beforeAll(async () => {
  // A scheduler tick every half second, so the lock is held across several job-lease writes.
  server = await startServer({ JOB_INTERVAL_SECONDS: "0.5" });
  writer = await writerFor(server);
});
afterAll(() => server?.stop());

const LOCK_MS = 7000;

describe("another process holds the write lock longer than a write waits", () => {
  it("the public page keeps answering, writes answer 503 database_busy, and nothing acknowledged is lost", async () => {
    expect((await writer.create("lock-before")).status).toBe(201);
    const lock = await holdWriteLock(server.dbFile);
    const started = performance.now();
    let slowest = 0;
    let pages = 0;
    const during: { status: number; code?: string; retryAfter: string | null }[] = [];
    const writes = (async () => {
      for (let i = 0; performance.now() - started < LOCK_MS - 500; i++) during.push(await writer.create(`lock-during-${i}`));
    })();
    while (performance.now() - started < LOCK_MS) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/`);
      await res.arrayBuffer();
      if (res.status !== 200) console.log(server.logs.join("").slice(-3000));
      expect(res.status).toBe(200);
      slowest = Math.max(slowest, performance.now() - t0);
      pages++;
      await new Promise((r) => setTimeout(r, 20));
    }
    await writes;
    await lock.release();

    // Blocking would stall the page for a busy timeout (formerly 5 s) or the whole lock.
    expect(slowest).toBeLessThan(LOCK_MS / 4);
    expect(pages).toBeGreaterThan(20);
    const refused = during.filter((w) => w.status !== 201);
    expect(refused.length).toBeGreaterThan(0);
    for (const w of refused) expect(w).toMatchObject({ status: 503, code: "database_busy", retryAfter: expect.any(String) });

    const after = [];
    for (let i = 0; i < 5; i++) after.push(await writer.create(`lock-after-${i}`));
    expect(after.map((w) => w.status)).toEqual([201, 201, 201, 201, 201]);
    const acknowledged = 1 + during.filter((w) => w.status === 201).length + 5;
    expect(committedComponents(server.dbFile, "lock-")).toBe(acknowledged);

    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(server.process.exitCode).toBeNull();
  });
});
