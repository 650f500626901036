import { and, eq, sql } from "drizzle-orm";
import { feedback, incident } from "../../../db/schema/index.ts";
import { verifyFeedbackSignature } from "../../auth/link-signatures.ts";
import { serverSecret } from "../../auth/server-secret.ts";
import type { Deps } from "../../deps.ts";
import { AppError, NotFoundError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import type { IncidentRating } from "./schemas.ts";
import { requireSubscriber } from "./target.ts";

/** A subscriber's 1–5 rating of how well they were kept informed; rating again replaces it. */
export async function recordIncidentRating(
  deps: Pick<Deps, "db" | "clock">,
  incidentId: string,
  input: IncidentRating,
): Promise<{ id: string }> {
  const secret = await serverSecret(deps.db, deps.clock);
  const { subscriberId, signature } = input.signed;
  if (!verifyFeedbackSignature(secret, "incident", incidentId, subscriberId, signature))
    throw new AppError("forbidden", "This feedback link is not valid; open it again from the email", [
      { path: "sig", message: "signature mismatch" },
    ]);
  const [row] = await deps.db
    .select({ id: incident.id })
    .from(incident)
    .where(and(eq(incident.id, incidentId), eq(incident.draft, false)));
  if (!row) throw new NotFoundError("The incident");
  await requireSubscriber(deps.db, subscriberId);
  const now = deps.clock.now();
  const comment = input.comment ?? null;
  const [saved] = await deps.db
    .insert(feedback)
    .values({ id: newId(), incidentId, updateId: null, subscriberId, source: "email", rating: input.rating, comment, createdAt: now })
    .onConflictDoUpdate({
      target: [feedback.incidentId, feedback.subscriberId],
      targetWhere: sql`${feedback.updateId} IS NULL AND ${feedback.subscriberId} IS NOT NULL`,
      set: { rating: input.rating, comment, createdAt: now },
    })
    .returning({ id: feedback.id });
  return { id: saved?.id ?? "" };
}

/** Whether a signed rating link is genuine (the page checks before showing the form). */
export async function isRatingLinkValid(
  deps: Pick<Deps, "db" | "clock">,
  incidentId: string,
  subscriberId: string,
  signature: string,
): Promise<boolean> {
  const secret = await serverSecret(deps.db, deps.clock);
  return verifyFeedbackSignature(secret, "incident", incidentId, subscriberId, signature);
}
