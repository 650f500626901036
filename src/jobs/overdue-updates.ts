import type { Deps } from "../deps.ts";
import { remindOverdueUpdates } from "../services/incidents/remind-overdue.ts";
import type { Job } from "./job.ts";

/** Reminds owners and communicators of a promised update that is late. */
export const overdueUpdates: Job = {
  name: "overdue-updates",
  async run(deps: Deps): Promise<string> {
    return `reminded ${await remindOverdueUpdates(deps)}`;
  },
};
