import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { closure, incident } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError } from "../../lib/errors.ts";
import { enqueueNotification } from "../../notify/outbox.ts";
import { recordAudit } from "../audit/record.ts";
import { insertCommitments } from "../commitments/insert.ts";
import { enqueueDrillMail } from "../incidents/drill-mail.ts";
import { requireIncident } from "../incidents/load.ts";
import { assertMayPublishRestricted, assertMayWriteIncident, checkComponents, checkVariants } from "../incidents/rules.ts";
import { requireTemplate } from "../templates/list.ts";
import { renderTemplate } from "../templates/render.ts";
import { insertUpdate } from "../updates/write.ts";
import type { CloseIncident } from "./schemas.ts";
import { insertApology, standingClosure } from "./standing.ts";

/** Resolves an incident with its closure notice, apology and commitments, all in one transaction. */
export async function closeIncident(
  deps: Pick<Deps, "db" | "clock"> & Partial<Pick<Deps, "env">>,
  ctx: ServiceContext,
  incidentId: string,
  input: CloseIncident,
): Promise<{ incidentId: string; updateId: string; commitmentIds: string[]; notificationId: string | null }> {
  authorize(ctx, "incident.close");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const inc = await requireIncident(tx, incidentId);
    assertMayWriteIncident(ctx, inc.visibility);
    if (await standingClosure(tx, inc)) throw new ConflictError("This incident already has a closure notice: edit or retract it instead");
    if (input.apologyVariants.length) assertMayPublishRestricted(ctx, "apology variants");
    await checkVariants(tx, inc.visibility, input.apologyVariants, "apologyVariants");
    await checkComponents(tx, inc.visibility, input.components);
    const apology = input.apology ?? (await fromTemplate(tx, input.apologyTemplateId, "apology", inc));
    const summary = input.summary ?? ((await fromTemplate(tx, input.summaryTemplateId, "closure", inc)) as string);
    // Resolving releases this incident's own holds (status model); other holds stay untouched.
    const updateId = await insertUpdate(tx, deps.clock, {
      incidentId,
      kind: "closure",
      status: "resolved",
      body: summary,
      variants: [],
      internalNote: input.internalNote,
      components: input.components,
      nextUpdateBy: null,
      notify: input.notify,
      authorId: memberIdOf(ctx.actor),
    });
    const apologyUpdateId = await insertApology(tx, deps.clock, incidentId, apology ?? null, input.apologyVariants, memberIdOf(ctx.actor));
    // A closure retracted or left behind by a reopen gives way to this one; its steps stay in the timeline.
    await tx.delete(closure).where(eq(closure.incidentId, incidentId));
    await tx.insert(closure).values({ incidentId, updateId, apologyUpdateId, createdAt: now });
    const commitmentIds = await insertCommitments(tx, deps.clock, ctx, incidentId, inc.visibility, input.commitments);
    await tx
      .update(incident)
      .set({ status: "resolved", resolvedAt: inc.resolvedAt ?? now, nextUpdateBy: null, updatedAt: now })
      .where(eq(incident.id, incidentId));
    if (input.notify && inc.drill) await enqueueDrillMail(tx, deps, inc, { status: "resolved", body: summary });
    const notificationId =
      input.notify && !inc.drill ? await enqueueNotification(tx, deps.clock, { kind: "incident.closed", incidentId, updateId }) : null;
    await recordAudit(tx, deps.clock, ctx, {
      action: "incident.close",
      resourceType: "incident",
      resourceId: incidentId,
      before: { status: inc.status },
      after: {
        status: "resolved",
        updateId,
        apology: Boolean(apology),
        apologyVariants: input.apologyVariants.map((v) => v.audience),
        commitmentIds,
      },
    });
    await bumpContentVersion(tx, deps.clock);
    return { incidentId, updateId, commitmentIds, notificationId };
  });
}

async function fromTemplate(
  tx: DbOrTx,
  templateId: string | undefined,
  kind: "apology" | "closure",
  inc: typeof incident.$inferSelect,
): Promise<string | undefined> {
  if (!templateId) return undefined;
  const t = await requireTemplate(tx, templateId, kind, kind === "apology" ? "apologyTemplateId" : "summaryTemplateId");
  return renderTemplate(t.body, { title: inc.title, started_at: inc.startedAt.toISOString(), impact: inc.impact, status: "resolved" });
}
