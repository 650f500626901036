import { eq } from "drizzle-orm";
import { jobLease } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { BACKUP_JOB } from "./scheduled.ts";

export interface BackupStatus {
  enabled: boolean;
  intervalMinutes: number;
  lastRunAt: Date | null;
  lastResult: string | null;
}

/** What the console and /readyz say about scheduled backups. */
export async function backupStatus(deps: Pick<Deps, "db" | "env">): Promise<BackupStatus> {
  const [lease] = await deps.db.select().from(jobLease).where(eq(jobLease.name, BACKUP_JOB));
  return {
    enabled: deps.env.BACKUP_INTERVAL_MINUTES > 0 && deps.env.DATABASE_URL.startsWith("file:"),
    intervalMinutes: deps.env.BACKUP_INTERVAL_MINUTES,
    lastRunAt: lease?.lastRunAt ?? null,
    lastResult: lease?.lastResult ?? null,
  };
}
