import { isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { teamMember } from "../../../db/schema/index.ts";
import { renderDrillUpdateEmail } from "../../../emails/index.ts";
import type { Deps } from "../../deps.ts";
import { baseUrl } from "../../lib/urls.ts";
import { enqueueEmail } from "../../notify/outbox.ts";
import { pageName } from "../settings/page-name.ts";

const STATUS_WORDS: Record<string, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
  postmortem: "Postmortem",
};

/**
 * A drill step is told to the team, never to subscribers: one email to each active team member,
 * in the caller's transaction (so it is sent once the step is committed). Returns emails queued.
 */
export async function enqueueDrillMail(
  tx: DbOrTx,
  deps: Pick<Deps, "clock"> & Partial<Pick<Deps, "env">>,
  inc: { id: string; title: string },
  step: { status: string; body: string | null },
): Promise<number> {
  const members = await tx.select({ email: teamMember.email }).from(teamMember).where(isNull(teamMember.disabledAt));
  const rendered = renderDrillUpdateEmail({
    pageName: await pageName(tx),
    incidentTitle: inc.title,
    status: STATUS_WORDS[step.status] ?? step.status,
    body: step.body ?? "",
    consoleUrl: `${deps.env ? baseUrl(deps.env) : ""}/admin/incidents/${inc.id}`,
  });
  for (const m of members) await enqueueEmail(tx, deps.clock, "incident.drill", { to: m.email, ...rendered });
  return members.length;
}
