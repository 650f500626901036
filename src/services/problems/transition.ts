import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { problem } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import { checkVariants } from "../incidents/rules.ts";
import { announceOnIncidents } from "./announce.ts";
import { requireProblem } from "./get.ts";
import { checkTransition } from "./rules.ts";
import type { TransitionProblem } from "./schemas.ts";

const defaultAnnouncement = (rootCause: string, changes: string | null) =>
  `We have fixed the underlying cause of this incident.\n\n**Cause:** ${rootCause}${changes ? `\n\n**What we changed:** ${changes}` : ""}`;

/**
 * Moves a problem along its states. Closing with `announce` posts a follow-up on every linked
 * incident: the default text quotes the root cause, so it goes only where the root cause may;
 * a written `message` goes to each incident's own stakeholders.
 */
export async function transitionProblem(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  id: string,
  input: TransitionProblem,
): Promise<{ id: string; state: string; announcementIds: string[] }> {
  authorize(ctx, "incident.close");
  return deps.db.transaction(async (tx) => {
    const row = await requireProblem(tx, id);
    checkTransition(row.state, input.state, row);
    if (input.announce && input.state !== "closed")
      throw new AppError("unprocessable", "Only closing a problem is announced", [{ path: "announce", message: "set state to closed" }]);
    if (input.announce && !input.message && row.rootCauseVisibility === "internal")
      throw new AppError("unprocessable", "The root cause is internal: write the message stakeholders should read", [
        { path: "message", message: "required when the root cause is internal" },
      ]);
    if (input.variants.length && !input.announce)
      throw new AppError("unprocessable", "Variants are for the closing announcement", [
        { path: "announce", message: "set announce to true" },
      ]);
    await checkVariants(tx, "public", input.variants);
    const now = deps.clock.now();
    await tx
      .update(problem)
      .set({ state: input.state, stateChangedAt: now, closedAt: input.state === "closed" ? now : null, updatedAt: now })
      .where(eq(problem.id, id));
    const announcementIds = input.announce
      ? await announceOnIncidents(
          tx,
          deps.clock,
          ctx,
          id,
          input.message ?? defaultAnnouncement(row.rootCause ?? "", row.changes),
          input.message ? "public" : row.rootCauseVisibility,
          input.notify,
          input.variants,
        )
      : [];
    await recordAudit(tx, deps.clock, ctx, {
      action: "problem.transition",
      resourceType: "problem",
      resourceId: id,
      before: { state: row.state },
      after: { state: input.state, announcementIds },
    });
    if (announcementIds.length) await bumpContentVersion(tx, deps.clock);
    return { id, state: input.state, announcementIds };
  });
}
