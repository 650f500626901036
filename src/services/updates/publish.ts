import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { closure, incident } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../lib/errors.ts";
import { enqueueNotification } from "../../notify/outbox.ts";
import { recordAudit } from "../audit/record.ts";
import { enqueueDrillMail } from "../incidents/drill-mail.ts";
import { CLOSED_STATUSES, requireIncident } from "../incidents/load.ts";
import { assertMayPublishRestricted, assertMayWriteIncident, checkComponents, checkFuture, checkVariants } from "../incidents/rules.ts";
import type { PostUpdate } from "./schemas.ts";
import { insertUpdate } from "./write.ts";

export interface PublishedUpdate {
  id: string;
  incidentId: string;
  notificationId: string | null;
}

/** Posts one update: messages, component statuses, the promise, audit and outbox in one transaction. */
export async function publishUpdate(
  deps: Pick<Deps, "db" | "clock"> & Partial<Pick<Deps, "env">>,
  ctx: ServiceContext,
  incidentId: string,
  input: PostUpdate,
): Promise<PublishedUpdate> {
  authorize(ctx, "incident.write");
  const now = deps.clock.now();
  checkFuture(now, input.nextUpdateBy, "nextUpdateBy");
  return deps.db.transaction(async (tx) => {
    const row = await requireIncident(tx, incidentId);
    assertMayWriteIncident(ctx, row.visibility);
    const closed = CLOSED_STATUSES.includes(row.status);
    if (closed && !input.reopen)
      throw new AppError("unprocessable", "The incident is resolved: set reopen to true to post an update", [
        { path: "reopen", message: "required to update a resolved incident" },
      ]);
    if (closed && input.status === "resolved")
      throw new AppError("unprocessable", "Reopening needs a status other than resolved", [
        { path: "status", message: "choose investigating, identified or monitoring to reopen" },
      ]);
    if (input.variants.length) assertMayPublishRestricted(ctx, "audience variants");
    await checkVariants(tx, row.visibility, input.variants);
    await checkComponents(tx, row.visibility, input.components);
    const updateId = await insertUpdate(tx, deps.clock, {
      incidentId,
      status: input.status,
      body: input.body,
      variants: input.variants,
      internalNote: input.internalNote,
      components: input.components,
      nextUpdateBy: input.nextUpdateBy,
      notify: input.notify,
      authorId: memberIdOf(ctx.actor),
    });
    // Reopening ends the closure in force; its steps stay in the timeline and closing again writes a new one.
    if (closed) await tx.delete(closure).where(eq(closure.incidentId, incidentId));
    const resolving = input.status === "resolved";
    await tx
      .update(incident)
      .set({
        status: input.status,
        // The first update a person publishes on a draft (from triage) makes it a real incident.
        draft: false,
        resolvedAt: resolving ? now : null,
        nextUpdateBy: resolving ? null : (input.nextUpdateBy ?? null),
        updatedAt: now,
      })
      .where(eq(incident.id, incidentId));
    if (input.notify && row.drill) await enqueueDrillMail(tx, deps, row, input);
    const notificationId =
      input.notify && !row.drill ? await enqueueNotification(tx, deps.clock, { kind: "incident.updated", incidentId, updateId }) : null;
    await recordAudit(tx, deps.clock, ctx, {
      action: closed ? "incident.reopen" : "incident.update",
      resourceType: "incident",
      resourceId: incidentId,
      before: { status: row.status },
      after: {
        status: input.status,
        updateId,
        variants: input.variants.map((v) => v.audience),
        internalNote: Boolean(input.internalNote),
        notify: input.notify,
      },
    });
    await bumpContentVersion(tx, deps.clock);
    return { id: updateId, incidentId, notificationId };
  });
}
