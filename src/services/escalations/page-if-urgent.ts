import { eq } from "drizzle-orm";
import { escalation, incident } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { errorFields } from "../../lib/logger.ts";
import { startEscalation } from "./start.ts";

/**
 * Pages on-call at once when an incident is (now) a published P1/P2 with no escalation yet.
 * Called after the change committed; a failure is logged and the escalations job retries.
 */
export async function pageIfUrgent(deps: Deps, ctx: ServiceContext, incidentId: string): Promise<void> {
  authorize(ctx, "incident.write");
  try {
    const [row] = await deps.db
      .select({ priority: incident.priority, draft: incident.draft, resolvedAt: incident.resolvedAt })
      .from(incident)
      .where(eq(incident.id, incidentId));
    if (!row || row.draft || row.resolvedAt || (row.priority !== "P1" && row.priority !== "P2")) return;
    const [existing] = await deps.db.select({ id: escalation.id }).from(escalation).where(eq(escalation.incidentId, incidentId));
    if (!existing) await startEscalation(deps, ctx, { incidentId });
  } catch (err) {
    deps.logger.warn("paging a P1/P2 incident failed; the escalations job will retry", { incidentId, ...errorFields(err) });
  }
}
