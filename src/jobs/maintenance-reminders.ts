import type { Deps } from "../deps.ts";
import { sendMaintenanceReminders } from "../services/maintenances/remind.ts";
import type { Job } from "./job.ts";

/** Announces scheduled maintenances shortly before their window opens. */
export const maintenanceReminders: Job = {
  name: "maintenance-reminders",
  async run(deps: Deps): Promise<string> {
    return `reminded ${await sendMaintenanceReminders(deps)}`;
  },
};
