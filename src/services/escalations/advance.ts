import { and, eq, isNull, lte } from "drizzle-orm";
import { escalation, incident, signal } from "../../../db/schema/index.ts";
import type { ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { recordAudit } from "../audit/record.ts";
import { contactsAt, pageWhat, teamOnlyContacts } from "./contacts.ts";
import { postPageWebhooks, queuePages } from "./page.ts";
import { ackToken } from "./token.ts";

const SYSTEM_CTX: ServiceContext = { actor: { type: "system", id: null, name: "escalation timer" } };

/**
 * Whether the thing being escalated still needs a person (a firing, undismissed signal or an open
 * incident), and whether it is a drill.
 */
async function stillNeeded(deps: Pick<Deps, "db">, row: typeof escalation.$inferSelect): Promise<{ needed: boolean; drill: boolean }> {
  if (row.signalId) {
    const [s] = await deps.db.select().from(signal).where(eq(signal.id, row.signalId));
    return { needed: Boolean(s && s.status === "firing" && !s.dismissedAt && !s.acknowledgedAt), drill: false };
  }
  const [i] = await deps.db
    .select({ resolvedAt: incident.resolvedAt, drill: incident.drill })
    .from(incident)
    .where(eq(incident.id, row.incidentId as string));
  return { needed: Boolean(i && !i.resolvedAt), drill: Boolean(i?.drill) };
}

/**
 * One pass of the escalation timer: every unacknowledged escalation whose wait ran out pages
 * the next level; with no next level (or nothing left to do) it stops. The level in the WHERE
 * makes each step happen once even with several instances.
 */
export async function advanceEscalations(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .select()
    .from(escalation)
    .where(and(isNull(escalation.acknowledgedAt), isNull(escalation.exhaustedAt), lte(escalation.nextAt, now)));
  let paged = 0;
  for (const row of due) {
    const level = row.level + 1;
    const { needed, drill } = await stillNeeded(deps, row);
    const atLevel = needed ? await contactsAt(deps.db, row, level) : [];
    const contacts = drill ? await teamOnlyContacts(deps.db, atLevel) : atLevel;
    const token = await ackToken(deps.db, deps.clock, row.id);
    const page = {
      title: row.title,
      level,
      what: pageWhat(row.signalId ? "critical alert" : "incident", drill),
      ackToken: token,
      consolePath: row.incidentId ? `/admin/incidents/${row.incidentId}` : "/admin/triage",
    };
    const moved = await deps.db.transaction(async (tx) => {
      const set = contacts.length
        ? { level, nextAt: new Date(now.getTime() + Math.min(...contacts.map((c) => c.ackMinutes)) * 60_000) }
        : { nextAt: null, exhaustedAt: now };
      const claimed = await tx
        .update(escalation)
        .set(set)
        .where(and(eq(escalation.id, row.id), eq(escalation.level, row.level), isNull(escalation.acknowledgedAt)))
        .returning({ id: escalation.id });
      if (!claimed.length || !contacts.length) return false;
      await queuePages(tx, deps, contacts, page);
      await recordAudit(tx, deps.clock, SYSTEM_CTX, {
        action: "escalation.escalate",
        resourceType: "escalation",
        resourceId: row.id,
        before: { level: row.level },
        after: { level, contacts: contacts.map((c) => c.email) },
      });
      return true;
    });
    if (!moved) continue;
    paged += contacts.length;
    await postPageWebhooks(deps, contacts, page);
  }
  return paged;
}
