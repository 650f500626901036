import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { createClient } from "@libsql/client";
import { BackupError, integrityCheck } from "./backup.ts";

export const HEARTBEAT_KEY_PREFIX = "instance:";
export const HEARTBEAT_FRESH_MS = 30_000;

/** Instances that wrote a heartbeat recently: a restore must not pull the file from under them. */
export async function liveInstances(file: string, now = Date.now()): Promise<string[]> {
  if (!existsSync(file)) return [];
  const client = createClient({ url: `file:${file}` });
  try {
    const rows = await client.execute({
      sql: "SELECT key, updated_at FROM app_state WHERE key LIKE ?",
      args: [`${HEARTBEAT_KEY_PREFIX}%`],
    });
    return rows.rows
      .filter((r) => now - Number(r.updated_at) < HEARTBEAT_FRESH_MS)
      .map((r) => String(r.key).slice(HEARTBEAT_KEY_PREFIX.length));
  } catch {
    return [];
  } finally {
    client.close();
  }
}

/**
 * Replaces a stopped database with a checked backup. Refuses a backup that fails the integrity
 * check, and a target that a running instance is using. The old file is kept beside it.
 */
export async function restoreDatabase(backupFile: string, targetFile: string, now = Date.now()): Promise<{ previous: string | null }> {
  const source = path.resolve(backupFile);
  const target = path.resolve(targetFile);
  if (!existsSync(source)) throw new BackupError(`No backup at ${source}`);
  const integrity = await integrityCheck(source);
  if (integrity !== "ok") throw new BackupError(`Refusing ${source}: it fails the integrity check (${integrity})`);
  const live = await liveInstances(target, now);
  if (live.length) throw new BackupError(`Refusing to overwrite ${target}: ${live.length} running instance(s) use it. Stop them first.`);
  const staging = `${target}.restoring-${process.pid}`;
  copyFileSync(source, staging);
  let previous: string | null = null;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${new Date(now).toISOString().replace(/[:.]/g, "-")}`;
    await keepPrevious(target, previous).catch((err: unknown) => {
      rmSync(staging, { force: true });
      throw err;
    });
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staging, target);
  return { previous };
}

/**
 * Moves the old database aside whole: its WAL holds the last writes of an instance that did not
 * checkpoint, so it is folded into the file first, and any WAL left moves with it. The kept
 * copy must pass the integrity check, else nothing is moved.
 */
async function keepPrevious(target: string, previous: string): Promise<void> {
  const client = createClient({ url: `file:${target}` });
  try {
    await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  } finally {
    client.close();
  }
  const moved: [string, string][] = [];
  for (const suffix of ["", "-wal", "-shm"]) {
    if (!existsSync(`${target}${suffix}`)) continue;
    renameSync(`${target}${suffix}`, `${previous}${suffix}`);
    moved.push([`${target}${suffix}`, `${previous}${suffix}`]);
  }
  const integrity = await integrityCheck(previous);
  if (integrity === "ok") return;
  for (const [from, to] of moved) renameSync(to, from);
  throw new BackupError(`Refusing to restore: the current database would not be kept intact (${integrity})`);
}
