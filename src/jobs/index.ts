import { scheduledBackup } from "./backup.ts";
import { escalations } from "./escalations.ts";
import { imports } from "./imports.ts";
import type { Job } from "./job.ts";
import { maintenanceEdges } from "./maintenance-edges.ts";
import { maintenanceReminders } from "./maintenance-reminders.ts";
import { overdueUpdates } from "./overdue-updates.ts";

/** Every job the scheduler runs, in order. */
export const JOBS: Job[] = [maintenanceEdges, maintenanceReminders, overdueUpdates, escalations, scheduledBackup, imports];
