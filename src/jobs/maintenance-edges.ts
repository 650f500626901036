import type { Deps } from "../deps.ts";
import { advanceMaintenanceWindows } from "../services/maintenances/auto-transition.ts";
import type { Job } from "./job.ts";

/** Starts and completes automatic maintenances at the edges of their window. */
export const maintenanceEdges: Job = {
  name: "maintenance-edges",
  async run(deps: Deps): Promise<string> {
    const { started, completed } = await advanceMaintenanceWindows(deps);
    return `started ${started}, completed ${completed}`;
  },
};
