import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { component, incident, signal } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { createIncident } from "../incidents/create.ts";
import type { SignalRow } from "./process.ts";
import { impactFor } from "./rules.ts";

/**
 * Opens a draft incident for a firing signal (never published, nobody notified, no component
 * moved until a person publishes), or joins the open draft another alert of the same rule opened.
 */
export async function draftFromSignal(deps: Deps, ctx: ServiceContext, row: SignalRow): Promise<string> {
  authorize(ctx, "incident.write");
  const sibling = row.ruleId
    ? await deps.db
        .select({ incidentId: signal.incidentId })
        .from(signal)
        .innerJoin(incident, eq(incident.id, signal.incidentId))
        .where(and(eq(signal.ruleId, row.ruleId), eq(signal.status, "firing"), isNotNull(signal.incidentId), isNull(incident.resolvedAt)))
        .limit(1)
    : [];
  let incidentId = sibling[0]?.incidentId ?? null;
  if (!incidentId) {
    const names = await componentNames(deps, row.componentIds);
    const labels = Object.entries(row.labels)
      .map(([k, v]) => `- \`${k}\` = \`${v}\``)
      .join("\n");
    const created = await createIncident(deps, ctx, {
      title: row.summary.slice(0, 200),
      body: names.length ? `We are investigating a problem affecting ${names.join(", ")}.` : "We are investigating a problem.",
      internalNote: `Opened as a draft from a ${row.severity} alert (fingerprint \`${row.fingerprint}\`).\n\nSuggested components: ${names.join(", ") || "none"}\n\n${labels}`,
      impact: impactFor(row.severity),
      status: "investigating",
      visibility: "internal",
      variants: [],
      components: [],
      notify: false,
      draft: true,
    });
    incidentId = created.id;
  }
  await deps.db
    .update(signal)
    .set({ incidentId })
    .where(and(eq(signal.id, row.id), isNull(signal.incidentId)));
  return incidentId;
}

async function componentNames(deps: Pick<Deps, "db">, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await deps.db.select({ id: component.id, name: component.name }).from(component);
  return rows.filter((r) => ids.includes(r.id)).map((r) => r.name);
}
