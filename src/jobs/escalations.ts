import type { Deps } from "../deps.ts";
import { advanceEscalations } from "../services/escalations/advance.ts";
import { pageNewIncidents } from "../services/escalations/page-incidents.ts";
import { followUpReporters } from "../services/intake/follow-up.ts";
import { processPendingSignals } from "../services/intake/pending.ts";
import type { Job } from "./job.ts";

/**
 * The detection timers: pages new P1/P2 incidents, escalates unacknowledged pages to the next
 * level, applies automatic component status once an alert has held long enough (flapping
 * guard), and tells reporters when their incident is resolved.
 */
export const escalations: Job = {
  name: "escalations",
  async run(deps: Deps): Promise<string> {
    const started = await pageNewIncidents(deps);
    const paged = await advanceEscalations(deps);
    const automated = await processPendingSignals(deps);
    const told = await followUpReporters(deps);
    return `started ${started}, paged ${paged}, automated ${automated}, reporters ${told}`;
  },
};
