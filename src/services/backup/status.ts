import { eq } from "drizzle-orm";
import { jobLease } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { BACKUP_JOB } from "./scheduled.ts";

export interface BackupStatus {
  enabled: boolean;
  /** The database is a libSQL server: file snapshots are impossible here, the server's own tools back it up. */
  remote: boolean;
  intervalMinutes: number;
  lastRunAt: Date | null;
  lastResult: string | null;
}

/** What the console and /readyz say about scheduled backups. */
export async function backupStatus(deps: Pick<Deps, "db" | "env">): Promise<BackupStatus> {
  const [lease] = await deps.db.select().from(jobLease).where(eq(jobLease.name, BACKUP_JOB));
  const remote = !deps.env.DATABASE_URL.startsWith("file:");
  return {
    enabled: deps.env.BACKUP_INTERVAL_MINUTES > 0 && !remote,
    remote,
    intervalMinutes: deps.env.BACKUP_INTERVAL_MINUTES,
    lastRunAt: lease?.lastRunAt ?? null,
    lastResult: lease?.lastResult ?? null,
  };
}
