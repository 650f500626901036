import { and, eq } from "drizzle-orm";
import { review, reviewAction } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";
import { requireIncident } from "../incidents/load.ts";
import type { AddReviewAction } from "./schemas.ts";

/** Adds a follow-up action (owner, due date) to an incident's review, creating the review if needed. */
export async function addReviewAction(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  incidentId: string,
  input: AddReviewAction,
): Promise<{ id: string }> {
  authorize(ctx, "incident.close");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    await requireIncident(tx, incidentId);
    await tx.insert(review).values({ incidentId, createdAt: now, updatedAt: now }).onConflictDoNothing();
    const id = newId();
    await tx
      .insert(reviewAction)
      .values({ id, incidentId, text: input.text, owner: input.owner, dueAt: input.dueAt ?? null, createdAt: now });
    await recordAudit(tx, deps.clock, ctx, {
      action: "review.action_add",
      resourceType: "review",
      resourceId: incidentId,
      after: { id, ...input },
    });
    return { id };
  });
}

/** Marks a follow-up action done (or not done again). */
export async function completeReviewAction(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  incidentId: string,
  actionId: string,
  done: boolean,
): Promise<void> {
  authorize(ctx, "incident.close");
  await deps.db.transaction(async (tx) => {
    const changed = await tx
      .update(reviewAction)
      .set({ doneAt: done ? deps.clock.now() : null })
      .where(and(eq(reviewAction.id, actionId), eq(reviewAction.incidentId, incidentId)))
      .returning({ id: reviewAction.id });
    if (!changed.length) throw new NotFoundError(`Action ${actionId}`);
    await recordAudit(tx, deps.clock, ctx, {
      action: "review.action_done",
      resourceType: "review",
      resourceId: incidentId,
      after: { actionId, done },
    });
  });
}
