import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { clientOf } from "../../../db/client.ts";
import { jobLease } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { backupDatabase, isRemoteClient } from "./backup.ts";

/** The scheduler's lease name for backups; its last run and result are what backupStatus reports. */
export const BACKUP_JOB = "backup";
const PREFIX = "clarion-";
/** The job's recorded result on a libSQL server (the scheduler keeps 200 characters). */
export const REMOTE_BACKUP_OFF = "off: the database is a libSQL server; back it up with the server's own tools (Scale-out guide)";

/** Keeps the newest `keep` scheduled backups in `dir` and removes older ones. */
export function pruneBackups(dir: string, keep: number): string[] {
  const files = readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith(".db"))
    .sort()
    .reverse();
  const removed = files.slice(keep);
  for (const f of removed) rmSync(path.join(dir, f), { force: true });
  return removed;
}

/**
 * Scheduled backups (BACKUP_INTERVAL_MINUTES > 0, embedded database only; on a libSQL server the
 * result says what to do instead): a checked snapshot into BACKUP_DIR, keeping BACKUP_KEEP. Skips
 * while the last good snapshot is younger than the interval.
 */
export async function runScheduledBackup(deps: Deps): Promise<string> {
  const { BACKUP_INTERVAL_MINUTES: minutes, BACKUP_DIR: dir, BACKUP_KEEP: keep, DATABASE_URL: url } = deps.env;
  if (!minutes) return "off";
  // Said in the job's result (console, /readyz), not silently skipped: the operator asked for backups.
  if (!url.startsWith("file:") || isRemoteClient(clientOf(deps.db))) return REMOTE_BACKUP_OFF;
  const [lease] = await deps.db.select().from(jobLease).where(eq(jobLease.name, BACKUP_JOB));
  const now = deps.clock.now();
  if (lease?.lastRunAt && lease.lastResult?.startsWith("ok") && now.getTime() - lease.lastRunAt.getTime() < minutes * 60_000) {
    return lease.lastResult;
  }
  const file = path.join(dir, `${PREFIX}${now.toISOString().replace(/[:.]/g, "-")}.db`);
  const result = await backupDatabase(clientOf(deps.db), file);
  pruneBackups(dir, keep);
  return `ok ${path.basename(result.file)} ${result.bytes} bytes ${result.ms} ms`;
}
