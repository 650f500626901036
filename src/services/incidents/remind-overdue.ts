import { and, eq, inArray, isNotNull, isNull, lt, ne, or } from "drizzle-orm";
import { incident, teamMember } from "../../../db/schema/index.ts";
import { renderOverdueReminderEmail } from "../../../emails/index.ts";
import type { Deps } from "../../deps.ts";
import { baseUrl } from "../../lib/urls.ts";
import { enqueueEmail } from "../../notify/outbox.ts";
import { pageName } from "../settings/page-name.ts";

const promiseNotYetReminded = or(isNull(incident.overdueNotifiedAt), lt(incident.overdueNotifiedAt, incident.nextUpdateBy));

/**
 * An open incident whose promised next update passed without one: its owner and every
 * communicator get one reminder per promise (overdueNotifiedAt remembers it); a drill's says it is one.
 * Returns emails queued.
 */
export async function remindOverdueUpdates(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const overdue = await deps.db
    .select()
    .from(incident)
    .where(
      and(
        eq(incident.kind, "incident"),
        isNull(incident.resolvedAt),
        isNotNull(incident.nextUpdateBy),
        lt(incident.nextUpdateBy, now),
        promiseNotYetReminded,
      ),
    );
  if (!overdue.length) return 0;
  const page = await pageName(deps.db);
  const communicators = await deps.db
    .select({ id: teamMember.id, email: teamMember.email })
    .from(teamMember)
    .where(and(isNull(teamMember.disabledAt), inArray(teamMember.role, ["communicator"])));
  let emails = 0;
  for (const row of overdue) {
    const owners = row.ownerId
      ? await deps.db
          .select({ id: teamMember.id, email: teamMember.email })
          .from(teamMember)
          .where(and(eq(teamMember.id, row.ownerId), isNull(teamMember.disabledAt), ne(teamMember.role, "viewer")))
      : [];
    const to = [...new Set([...owners, ...communicators].map((m) => m.email))];
    const rendered = renderOverdueReminderEmail({
      pageName: page,
      // A drill's reminder goes to the same team members, marked as practice.
      incidentTitle: row.drill ? `[Drill] ${row.title}` : row.title,
      consoleUrl: `${baseUrl(deps.env)}/admin/incidents/${row.id}`,
      dueAt: row.nextUpdateBy as Date,
    });
    await deps.db.transaction(async (tx) => {
      const claimed = await tx
        .update(incident)
        .set({ overdueNotifiedAt: now })
        .where(and(eq(incident.id, row.id), promiseNotYetReminded))
        .returning({ id: incident.id });
      if (!claimed.length) return;
      for (const address of to) await enqueueEmail(tx, deps.clock, "incident.overdue_reminder", { to: address, ...rendered });
      emails += to.length;
    });
  }
  return emails;
}
