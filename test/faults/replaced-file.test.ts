import { copyFileSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../helpers/server.ts";
import { committedComponents, writerFor } from "./helpers.ts";

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Its own folder, which outlives the server so the test can read the files afterwards. */
const folders: string[] = [];
const freshFile = () => {
  folders.push(mkdtempSync(path.join(tmpdir(), "clarion-replaced-")));
  return path.join(folders.at(-1) as string, "clarion.db");
};
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe("the database file is moved or replaced under a running server", () => {
  it("moved away: writes answer 503 and no empty database appears; moved back: writes resume, none lost", async () => {
    server = await startServer({ JOB_INTERVAL_SECONDS: "0.5" }, { dbFile: freshFile() });
    const writer = await writerFor(server);
    const file = server.dbFile;
    expect((await writer.create("moved-before")).status).toBe(201);

    renameSync(file, `${file}.away`);
    const during = [];
    for (let i = 0; i < 3; i++) during.push(await writer.create(`moved-during-${i}`));
    await sleep(1500); // scheduler ticks and a heartbeat meet the missing file too
    expect(existsSync(file)).toBe(false);
    for (const w of during) expect(w).toMatchObject({ status: 503, code: "database_unavailable" });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toMatch(/missing/);

    renameSync(`${file}.away`, file);
    const after = [];
    for (let i = 0; i < 3; i++) after.push(await writer.create(`moved-after-${i}`));
    expect(after.map((w) => w.status)).toEqual([201, 201, 201]);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(server.process.exitCode).toBeNull();
    expect(await server.stop()).toBe(0);
    expect(committedComponents(file, "moved-")).toBe(4);
  });

  it("replaced by another file: writes are refused and the server exits for its supervisor, its writes kept in the old file", async () => {
    server = await startServer({ JOB_INTERVAL_SECONDS: "0.5" }, { dbFile: freshFile() });
    const running = server;
    const writer = await writerFor(running);
    const file = running.dbFile;
    for (let i = 0; i < 3; i++) expect((await writer.create(`replaced-before-${i}`)).status).toBe(201);

    // An operator "restores by hand": the old file aside, a copy (without its WAL) in its place.
    renameSync(file, `${file}.old`);
    copyFileSync(`${file}.old`, file);
    // A job tick may notice first and start the shutdown: then the write meets a closed socket, never a 201.
    const refused = await writer.create("replaced-during").catch(() => ({ status: 0, code: "connection closed" }));
    expect([503, 0]).toContain(refused.status);
    expect(["database_unavailable", "connection closed"]).toContain(refused.code);
    const exited = await new Promise<number | null>((resolve) => {
      if (running.process.exitCode !== null) resolve(running.process.exitCode);
      running.process.once("exit", (code) => resolve(code));
    });
    expect(exited).toBe(75);
    expect(running.logs.join("")).toMatch(/database file replaced/);
    // The old file and its WAL were copied from the open descriptors: everything acknowledged is there…
    const kept = readdirSync(path.dirname(file)).filter((f) => f.startsWith("clarion.db.replaced-") && !f.endsWith("-wal"));
    expect(kept).toHaveLength(1);
    expect(committedComponents(path.join(path.dirname(file), kept[0] as string), "replaced-")).toBe(3);
    // …and the old WAL no longer sits beside the new file, where the next start would replay it.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
