import { and, eq, isNull, sql } from "drizzle-orm";
import { feedback } from "../../../db/schema/index.ts";
import { feedbackSignature, verifyFeedbackSignature } from "../../auth/link-signatures.ts";
import { serverSecret } from "../../auth/server-secret.ts";
import type { Deps } from "../../deps.ts";
import { AppError, NotFoundError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { enforceRateLimit } from "../rate-limit.ts";
import type { UpdateVote } from "./schemas.ts";
import { deliveryFor, requireSubscriber, requireVotableUpdate } from "./target.ts";

export const ANONYMOUS_VOTE_LIMIT = { limit: 20, windowMs: 60 * 60 * 1000 };

export interface RecordedVote {
  id: string;
  helpful: boolean;
  /** Lets the thank-you page attach a comment to this anonymous vote (and nothing else). */
  amendSignature: string;
}

const badLink = () =>
  new AppError("forbidden", "This feedback link is not valid; open it again from the email", [
    { path: "sig", message: "signature mismatch" },
  ]);

/**
 * One "Was this helpful?" vote. A signed email link identifies the recipient: voting again
 * changes their one vote. Anonymous web votes are rate-limited per address instead.
 */
export async function recordUpdateVote(
  deps: Pick<Deps, "db" | "clock">,
  updateId: string,
  input: UpdateVote,
  ip: string | undefined,
): Promise<RecordedVote> {
  const secret = await serverSecret(deps.db, deps.clock);
  const target = await requireVotableUpdate(deps.db, updateId);
  const now = deps.clock.now();
  const comment = input.comment ?? null;
  if (input.signed) {
    const { subscriberId, signature } = input.signed;
    if (!verifyFeedbackSignature(secret, "update", updateId, subscriberId, signature)) throw badLink();
    await requireSubscriber(deps.db, subscriberId);
    const deliveryId = await deliveryFor(deps.db, updateId, subscriberId);
    const id = newId();
    const [row] = await deps.db
      .insert(feedback)
      .values({
        id,
        incidentId: target.incidentId,
        updateId,
        subscriberId,
        deliveryId,
        source: "email",
        helpful: input.helpful,
        comment,
        createdAt: now,
      })
      .onConflictDoUpdate({
        target: [feedback.updateId, feedback.subscriberId],
        targetWhere: sql`${feedback.updateId} IS NOT NULL AND ${feedback.subscriberId} IS NOT NULL`,
        set: { helpful: input.helpful, ...(comment ? { comment } : {}), createdAt: now },
      })
      .returning({ id: feedback.id });
    const voteId = row?.id ?? id;
    return { id: voteId, helpful: input.helpful, amendSignature: feedbackSignature(secret, "vote", voteId, "web") };
  }
  if (input.amend) {
    if (!verifyFeedbackSignature(secret, "vote", input.amend.id, "web", input.amend.signature)) throw badLink();
    const updated = await deps.db
      .update(feedback)
      .set({ helpful: input.helpful, comment })
      .where(and(eq(feedback.id, input.amend.id), eq(feedback.updateId, updateId), isNull(feedback.subscriberId)))
      .returning({ id: feedback.id });
    if (!updated.length) throw new NotFoundError("The vote");
    return { id: input.amend.id, helpful: input.helpful, amendSignature: input.amend.signature };
  }
  await enforceRateLimit(deps.db, deps.clock, `feedback:ip:${ip ?? "unknown"}`, ANONYMOUS_VOTE_LIMIT);
  const id = newId();
  await deps.db.insert(feedback).values({
    id,
    incidentId: target.incidentId,
    updateId,
    subscriberId: null,
    deliveryId: null,
    source: "web",
    helpful: input.helpful,
    comment,
    createdAt: now,
  });
  return { id, helpful: input.helpful, amendSignature: feedbackSignature(secret, "vote", id, "web") };
}
