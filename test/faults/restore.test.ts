import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { restoreDatabase } from "../../src/services/backup/restore.ts";
import { startServer } from "../helpers/server.ts";
import { committedComponents, sqliteScalar, writerFor } from "./helpers.ts";

const dir = mkdtempSync(path.join(tmpdir(), "clarion-restore-faults-"));
const file = path.join(dir, "clarion.db");
const backup = path.join(dir, "backup.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("stop, then restore a backup", () => {
  it("SIGTERM checkpoints: the database file alone holds every acknowledged write", async () => {
    const server = await startServer({}, { dbFile: file });
    const writer = await writerFor(server);
    sqliteScalar(file, `VACUUM INTO '${backup}'`);
    for (let i = 0; i < 30; i++) expect((await writer.create(`restore-a-${i}`)).status).toBe(201);
    expect(await server.stop("SIGTERM")).toBe(0);
    expect(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0).toBe(true);
    const alone = path.join(dir, "alone.db");
    copyFileSync(file, alone);
    expect(committedComponents(alone, "restore-a-")).toBe(30);
  });

  it("restore keeps the previous database whole, WAL included, even after a crash left one", async () => {
    const server = await startServer({}, { dbFile: file });
    const writer = await writerFor(server);
    for (let i = 0; i < 20; i++) expect((await writer.create(`restore-b-${i}`)).status).toBe(201);
    await server.stop("SIGKILL"); // no checkpoint: the last writes are only in the WAL
    // Later than the crashed instance's heartbeat allows, as if the operator waited.
    const { previous } = await restoreDatabase(backup, file, Date.now() + 60_000);
    expect(previous).not.toBeNull();
    expect(committedComponents(previous as string, "restore-")).toBe(50);
    expect(sqliteScalar(previous as string, "PRAGMA integrity_check")).toBe("ok");
    expect(committedComponents(file, "restore-")).toBe(0);
  });
});
