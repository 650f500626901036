import { eq } from "drizzle-orm";
import { review } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { actorLabel } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { recordAudit } from "../audit/record.ts";
import { requireIncident } from "../incidents/load.ts";
import type { SaveReview } from "./schemas.ts";

/** Writes the team's sections of an incident's review (creating the review on first save). */
export async function saveReview(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  incidentId: string,
  input: SaveReview,
): Promise<void> {
  authorize(ctx, "incident.close");
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await requireIncident(tx, incidentId);
    const [before] = await tx.select().from(review).where(eq(review.incidentId, incidentId));
    const updatedBy = actorLabel(ctx.actor);
    await tx
      .insert(review)
      .values({ incidentId, ...input, updatedBy, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: review.incidentId, set: { ...input, updatedBy, updatedAt: now } });
    await recordAudit(tx, deps.clock, ctx, {
      action: before ? "review.update" : "review.create",
      resourceType: "review",
      resourceId: incidentId,
      after: Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v.length])),
    });
  });
}
