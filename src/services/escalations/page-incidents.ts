import { and, eq, gte, inArray, isNull, notExists } from "drizzle-orm";
import { escalation, incident } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { startEscalation } from "./start.ts";

const LOOKBACK_MS = 24 * 3600_000;

/**
 * Every open P1/P2 incident of the last day that has no escalation yet gets one, however it
 * was created (console, API or triage), so high impact always pages at once.
 */
export async function pageNewIncidents(deps: Deps): Promise<number> {
  const since = new Date(deps.clock.now().getTime() - LOOKBACK_MS);
  const rows = await deps.db
    .select({ id: incident.id })
    .from(incident)
    .where(
      and(
        eq(incident.kind, "incident"),
        inArray(incident.priority, ["P1", "P2"]),
        isNull(incident.resolvedAt),
        gte(incident.createdAt, since),
        notExists(deps.db.select({ id: escalation.id }).from(escalation).where(eq(escalation.incidentId, incident.id))),
      ),
    );
  let started = 0;
  for (const row of rows) {
    const ctx = { actor: { type: "system" as const, id: null, name: "escalation timer" } };
    if (await startEscalation(deps, ctx, { incidentId: row.id })) started += 1;
  }
  return started;
}
