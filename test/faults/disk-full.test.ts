import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../helpers/server.ts";
import { committedComponents, type Writer, writerFor } from "./helpers.ts";

// A small tmpfs holds the database, so filling it is a real ENOSPC for SQLite (needs root, as in CI).
const mountPoint = mkdtempSync(path.join(tmpdir(), "clarion-full-"));
const filler = path.join(mountPoint, "filler");
let server: RunningServer;
let writer: Writer;

beforeAll(async () => {
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint]);
  mkdirSync(path.join(mountPoint, "data"));
  server = await startServer({ JOB_INTERVAL_SECONDS: "0.5" }, { dbFile: path.join(mountPoint, "data", "clarion.db") });
  writer = await writerFor(server);
});
afterAll(async () => {
  await server?.stop();
  execFileSync("umount", ["-l", mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

/** Writes zeros until the filesystem refuses. */
function fillDisk(): void {
  const chunk = Buffer.alloc(64 * 1024);
  for (let i = 0; ; i++) {
    try {
      writeFileSync(filler, chunk, { flag: "a" });
    } catch {
      return;
    }
    if (i > 10_000) throw new Error("the disk never filled");
  }
}

describe("the disk holding the database is full", () => {
  it("writes answer 503 storage_full, the page and the process stay up, and saving resumes when space returns", async () => {
    expect((await writer.create("full-before")).status).toBe(201);
    fillDisk();
    // Writes go on until space runs out: the WAL reuses its own space for a while after a checkpoint.
    const during = [];
    for (let i = 0; i < 500 && during.filter((w) => w.status !== 201).length < 3; i++) during.push(await writer.create(`full-during-${i}`));
    const refused = during.filter((w) => w.status !== 201);
    expect(refused.length).toBe(3);
    for (const w of refused) expect(w).toMatchObject({ status: 503, code: "storage_full", retryAfter: expect.any(String) });

    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    const form = await fetch(`${server.url}/subscribe`, {
      method: "POST",
      headers: { origin: server.url },
      body: new URLSearchParams({ email: "full@example.com", scope: "all", language: "en" }),
    });
    expect(form.status).toBe(503);
    // The reader gets what to do, in their language (src/i18n/form-problem.ts); /readyz names the fault.
    expect(await form.text()).toMatch(/We could not save this just now\. Wait a minute and try again\./);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toMatch(/storage is full/);

    // Several scheduler ticks and a heartbeat meet the full disk too; the server must still be there.
    await new Promise((r) => setTimeout(r, 3000));
    expect(server.process.exitCode).toBeNull();

    rmSync(filler);
    const after = [];
    for (let i = 0; i < 5; i++) after.push(await writer.create(`full-after-${i}`));
    expect(after.map((w) => w.status)).toEqual([201, 201, 201, 201, 201]);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    const acknowledged = 1 + during.filter((w) => w.status === 201).length + 5;
    expect(await server.stop()).toBe(0);
    expect(committedComponents(server.dbFile, "full-")).toBe(acknowledged);
  });
});
