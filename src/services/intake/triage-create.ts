import { and, asc, eq } from "drizzle-orm";
import { component, report, signal } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import { startEscalation } from "../escalations/start.ts";
import { createIncident } from "../incidents/create.ts";
import type { TriageIncident } from "./report-schemas.ts";
import { subscribeReporters } from "./reporters.ts";

export type TriageSubject = { kind: "signal"; id: string } | { kind: "reports"; groupId: string };

/** What the triager saw, kept as the draft's internal note. */
async function evidence(deps: Pick<Deps, "db">, subject: TriageSubject): Promise<string> {
  if (subject.kind === "signal") {
    const [row] = await deps.db.select().from(signal).where(eq(signal.id, subject.id));
    if (!row) throw new NotFoundError("Signal");
    if (row.incidentId) throw new ConflictError("The signal already belongs to an incident");
    const labels = Object.entries(row.labels).map(([k, v]) => `- \`${k}\` = \`${v}\``);
    return [`From a ${row.severity} alert: ${row.summary}`, ...labels].join("\n");
  }
  const rows = await deps.db
    .select()
    .from(report)
    .where(and(eq(report.groupId, subject.groupId), eq(report.state, "open")))
    .orderBy(asc(report.createdAt));
  if (!rows.length) throw new NotFoundError("Open report group");
  const lines = rows
    .slice(0, 10)
    .map(
      (r) => `- ${r.channel}${r.customer ? ` (${r.customer}${r.organisation ? `, ${r.organisation}` : ""})` : ""}: ${r.what.slice(0, 300)}`,
    );
  return [`From ${rows.length} user report(s):`, ...lines].join("\n");
}

async function affected(deps: Pick<Deps, "db">, input: TriageIncident): Promise<string> {
  if (!input.components.length) return "";
  const names = new Map((await deps.db.select({ id: component.id, name: component.name }).from(component)).map((c) => [c.id, c.name]));
  return `\n\nAffected components (their status changes when you publish): ${input.components.map((c) => `${names.get(c.id) ?? c.id} → ${c.status}`).join(", ")}`;
}

/**
 * Triage's "this is an incident": a draft through the incident service (hidden, nobody told,
 * no component moved until a person publishes from the composer), linked to the signal or
 * report group; reporters with an email are subscribed; P1/P2 pages on-call at once.
 */
export async function createIncidentFromTriage(
  deps: Deps,
  ctx: ServiceContext,
  subject: TriageSubject,
  input: TriageIncident,
): Promise<{ incidentId: string }> {
  authorize(ctx, "incident.write");
  const note = (await evidence(deps, subject)) + (await affected(deps, input));
  const created = await createIncident(deps, ctx, {
    title: input.title,
    body: input.body ?? "We are investigating a problem and will post an update shortly.",
    internalNote: note,
    impact: input.impact,
    status: "investigating",
    visibility: input.visibility,
    category: input.category ?? null,
    priority: input.priority,
    ownerId: input.ownerId ?? null,
    variants: [],
    components: [],
    notify: false,
    draft: true,
  });
  await deps.db.transaction(async (tx) => {
    let subscribed = 0;
    if (subject.kind === "signal") {
      await tx
        .update(signal)
        .set({ incidentId: created.id, decidedBy: memberIdOf(ctx.actor) })
        .where(eq(signal.id, subject.id));
    } else {
      await tx
        .update(report)
        .set({ state: "incident", incidentId: created.id, decidedAt: deps.clock.now() })
        .where(and(eq(report.groupId, subject.groupId), eq(report.state, "open")));
      subscribed = await subscribeReporters(tx, deps.clock, subject.groupId, created.id);
    }
    await recordAudit(tx, deps.clock, ctx, {
      action: "triage.create_incident",
      resourceType: subject.kind === "signal" ? "signal" : "report_group",
      resourceId: subject.kind === "signal" ? subject.id : subject.groupId,
      after: { incidentId: created.id, priority: input.priority, impact: input.impact, category: input.category ?? null, subscribed },
    });
  });
  if (input.priority === "P1" || input.priority === "P2")
    await startEscalation(deps, ctx, { incidentId: created.id, componentIds: input.components.map((c) => c.id) });
  return { incidentId: created.id };
}
