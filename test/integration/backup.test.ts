import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Client } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { createDb } from "../../db/client.ts";
import { teamMember } from "../../db/schema/index.ts";
import { startHeartbeat } from "../../src/server/heartbeat.ts";
import { assertLocalStorage, filesystemOf } from "../../src/server/storage-check.ts";
import { BackupError, backupDatabase } from "../../src/services/backup/backup.ts";
import { restoreDatabase } from "../../src/services/backup/restore.ts";
import { createMember } from "../helpers/actors.ts";
import { createTestDeps } from "../helpers/deps.ts";
import { createTokenRow } from "../helpers/seed-team.ts";
import { itFileOnly, itRemoteOnly } from "../helpers/test-modes.ts";

async function snapshot(client: Client): Promise<Record<string, unknown[]>> {
  const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  const out: Record<string, unknown[]> = {};
  for (const t of tables.rows) {
    const name = String(t.name);
    if (name === "app_state") continue; // heartbeats change by the second
    out[name] = (await client.execute(`SELECT * FROM "${name}" ORDER BY rowid`)).rows.map((r) => ({ ...r }));
  }
  return out;
}

const snapshotsAFile = itFileOnly("VACUUM INTO and restore work on the local file; a libSQL server answers what to do instead (below)");

describe("backup and restore drill", () => {
  itRemoteOnly("on a libSQL server a backup answers what to do instead and writes nothing", async () => {
    const deps = await createTestDeps();
    const dir = mkdtempSync(path.join(tmpdir(), "clarion-backup-"));
    const attempt = backupDatabase(deps.testDb.client, path.join(dir, "snap.db"));
    await expect(attempt).rejects.toBeInstanceOf(BackupError);
    await expect(attempt).rejects.toThrow(/libSQL server.*server's own tools/);
    expect(readdirSync(dir)).toEqual([]);
  });

  snapshotsAFile("seed, back up while open, mutate, restore, compare", async () => {
    const deps = await createTestDeps();
    for (const role of ["owner", "admin", "viewer"] as const) await createMember(deps, role);
    await createTokenRow(deps);
    const before = await snapshot(deps.testDb.client);
    const dir = mkdtempSync(path.join(tmpdir(), "clarion-backup-"));
    const result = await backupDatabase(deps.testDb.client, path.join(dir, "snap.db"));
    expect(result.integrity).toBe("ok");

    await deps.db.delete(teamMember);
    await createMember(deps, "responder");
    expect(await snapshot(deps.testDb.client)).not.toEqual(before);
    deps.testDb.close();

    const { previous } = await restoreDatabase(result.file, deps.testDb.file);
    expect(previous).toBeTruthy();
    const reopened = await createDb(`file:${deps.testDb.file}`);
    expect(await snapshot(reopened.client)).toEqual(before);
    reopened.close();
  });

  it("refuses a file that fails the integrity check", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "clarion-backup-"));
    writeFileSync(path.join(dir, "bad.db"), "this is not a database");
    await expect(restoreDatabase(path.join(dir, "bad.db"), path.join(dir, "target.db"))).rejects.toThrow(/integrity check/);
  });

  snapshotsAFile("refuses to overwrite a database a running instance uses", async () => {
    const deps = await createTestDeps();
    const heartbeat = startHeartbeat(deps);
    await new Promise((r) => setTimeout(r, 50));
    const dir = mkdtempSync(path.join(tmpdir(), "clarion-backup-"));
    const snap = await backupDatabase(deps.testDb.client, path.join(dir, "snap.db"));
    await expect(restoreDatabase(snap.file, deps.testDb.file, deps.clock.now().getTime())).rejects.toThrow(/running instance/);
    await heartbeat.stop();
    await expect(restoreDatabase(snap.file, deps.testDb.file, deps.clock.now().getTime())).resolves.toBeTruthy();
  });
});

describe("storage checks", () => {
  const mounts = "/dev/vda / ext4 rw 0 0\nserver:/export /mnt/nfs nfs4 rw 0 0\n";
  it("finds the filesystem of a path by its longest mount point", () => {
    expect(filesystemOf("/mnt/nfs/data/clarion.db", mounts)).toBe("nfs4");
    expect(filesystemOf("/work/data/clarion.db", mounts)).toBe("ext4");
  });
  it("refuses an embedded database on a network filesystem with a clear message", () => {
    expect(() => assertLocalStorage("file:/mnt/nfs/clarion.db", mounts)).toThrow(/network filesystem \(nfs4\)/);
    expect(() => assertLocalStorage("file:/work/clarion.db", mounts)).not.toThrow();
    expect(() => assertLocalStorage("libsql://db.example.com", mounts)).not.toThrow();
  });
});
