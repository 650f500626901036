import { and, eq, gte } from "drizzle-orm";
import { escalation, incident, incidentComponent, signal } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { hashSecret } from "../../auth/secrets.ts";
import type { Deps } from "../../deps.ts";
import { newId } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";
import { contactsAt, pageWhat, teamOnlyContacts } from "./contacts.ts";
import { type PageSubject, postPageWebhooks, queuePages } from "./page.ts";
import { ackToken } from "./token.ts";

/** A signal's firing episode, or an incident (with the components a draft will affect, if not yet linked). */
export type EscalationSubject = { signalId: string; since: Date } | { incidentId: string; componentIds?: string[] };

interface Scope {
  title: string;
  what: string;
  componentIds: string[];
  category: string | null;
  consolePath: string;
  drill: boolean;
}

async function scopeOf(deps: Pick<Deps, "db">, s: EscalationSubject): Promise<Scope | null> {
  if ("signalId" in s) {
    const [row] = await deps.db.select().from(signal).where(eq(signal.id, s.signalId));
    return row
      ? {
          title: row.summary,
          what: "critical alert",
          componentIds: row.componentIds,
          category: null,
          consolePath: "/admin/triage",
          drill: false,
        }
      : null;
  }
  const [row] = await deps.db.select().from(incident).where(eq(incident.id, s.incidentId));
  if (!row) return null;
  const linked = await deps.db
    .select({ id: incidentComponent.componentId })
    .from(incidentComponent)
    .where(eq(incidentComponent.incidentId, row.id));
  return {
    title: row.title,
    what: pageWhat(`${row.priority ?? "P?"} incident`, row.drill),
    componentIds: [...new Set([...linked.map((c) => c.id), ...(s.componentIds ?? [])])],
    category: row.category,
    consolePath: `/admin/incidents/${row.id}`,
    drill: row.drill,
  };
}

/**
 * Pages level 1 for a new P1/P2 incident or a critical signal, once per subject (per firing episode
 * for a signal). Returns the escalation id, or null when it already runs or nobody is on call.
 */
export async function startEscalation(deps: Deps, ctx: ServiceContext, subject: EscalationSubject): Promise<string | null> {
  authorize(ctx, "incident.write");
  const scope = await scopeOf(deps, subject);
  if (!scope) return null;
  const atLevel = await contactsAt(deps.db, scope, 1);
  const contacts = scope.drill ? await teamOnlyContacts(deps.db, atLevel) : atLevel;
  if (!contacts.length) return null;
  const now = deps.clock.now();
  const id = newId();
  const token = await ackToken(deps.db, deps.clock, id);
  const page: PageSubject = { title: scope.title, level: 1, what: scope.what, ackToken: token, consolePath: scope.consolePath };
  const started = await deps.db.transaction(async (tx) => {
    const existing =
      "signalId" in subject
        ? await tx
            .select({ id: escalation.id })
            .from(escalation)
            .where(and(eq(escalation.signalId, subject.signalId), gte(escalation.createdAt, subject.since)))
        : await tx.select({ id: escalation.id }).from(escalation).where(eq(escalation.incidentId, subject.incidentId));
    if (existing.length) return false;
    await tx.insert(escalation).values({
      id,
      signalId: "signalId" in subject ? subject.signalId : null,
      incidentId: "incidentId" in subject ? subject.incidentId : null,
      componentIds: scope.componentIds,
      category: scope.category,
      title: scope.title.slice(0, 200),
      level: 1,
      nextAt: new Date(now.getTime() + Math.min(...contacts.map((c) => c.ackMinutes)) * 60_000),
      ackTokenHash: Buffer.from(hashSecret(token)),
      createdAt: now,
    });
    await queuePages(tx, deps, contacts, page);
    await recordAudit(tx, deps.clock, ctx, {
      action: "escalation.start",
      resourceType: "escalation",
      resourceId: id,
      after: { level: 1, contacts: contacts.map((c) => c.email), subject },
    });
    return true;
  });
  if (!started) return null;
  await postPageWebhooks(deps, contacts, page);
  return id;
}
