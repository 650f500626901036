import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { incident, problemIncident } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import type { Clock } from "../../lib/clock.ts";
import { enqueueNotification } from "../../notify/outbox.ts";
import { audienceViewer, canSee } from "../../projection/index.ts";
import { assertMayPublishRestricted, isRestricted } from "../incidents/rules.ts";
import { insertUpdate } from "../updates/write.ts";

/**
 * Who may read the announcement on one incident: the text's own visibility narrowed to those
 * who can see the incident. Returns null when nobody outside the team would be told.
 */
export function announcementFor(textVisibility: string, incidentVisibility: string): { body: boolean; audiences: string[] } | null {
  if (textVisibility === "internal" || incidentVisibility === "internal") return null;
  if (textVisibility === "public") return { body: true, audiences: [] };
  const slugs = textVisibility.split(",");
  const allowed = isRestricted(incidentVisibility) ? slugs.filter((s) => incidentVisibility.split(",").includes(s)) : slugs;
  return allowed.length ? { body: false, audiences: allowed } : null;
}

/**
 * Posts the closing announcement as a follow-up on every linked incident, through the same
 * timeline and outbox as any update, so variants, the projection and email all apply.
 */
export async function announceOnIncidents(
  tx: DbOrTx,
  clock: Clock,
  ctx: ServiceContext,
  problemId: string,
  text: string,
  textVisibility: string,
  notify: boolean,
  tailored: { audience: string; body: string }[] = [],
): Promise<string[]> {
  authorize(ctx, "incident.close");
  const linked = await tx
    .select({ id: incident.id, status: incident.status, visibility: incident.visibility })
    .from(problemIncident)
    .innerJoin(incident, eq(incident.id, problemIncident.incidentId))
    .where(eq(problemIncident.problemId, problemId));
  const updateIds: string[] = [];
  for (const inc of linked) {
    const plan = announcementFor(textVisibility, inc.visibility) ?? { body: false, audiences: [] };
    const own = tailored.filter((t) => canSee(audienceViewer("x", [t.audience]), inc.visibility));
    const variants = [
      ...plan.audiences.filter((a) => !own.some((t) => t.audience === a)).map((audience) => ({ audience, body: text })),
      ...own,
    ];
    if (!plan.body && !variants.length) continue;
    if (variants.length) assertMayPublishRestricted(ctx, "a restricted problem announcement");
    const updateId = await insertUpdate(tx, clock, {
      incidentId: inc.id,
      kind: "commitment",
      status: inc.status,
      body: plan.body ? text : null,
      variants,
      components: [],
      notify,
      authorId: memberIdOf(ctx.actor),
    });
    if (notify) await enqueueNotification(tx, clock, { kind: "commitment.updated", incidentId: inc.id, updateId, payload: { problemId } });
    updateIds.push(updateId);
  }
  return updateIds;
}
