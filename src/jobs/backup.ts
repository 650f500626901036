import type { Deps } from "../deps.ts";
import { BACKUP_JOB, runScheduledBackup } from "../services/backup/scheduled.ts";
import type { Job } from "./job.ts";

/** Scheduled backups; the scheduler's lease makes it run on one instance. */
export const scheduledBackup: Job = {
  name: BACKUP_JOB,
  run(deps: Deps): Promise<string> {
    return runScheduledBackup(deps);
  },
};
