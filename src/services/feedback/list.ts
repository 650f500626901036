import { asc, desc, eq } from "drizzle-orm";
import { feedback, incidentUpdate } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { type FeedbackScore, feedbackScore } from "../reviews/metrics.ts";

export interface QuotedComment {
  text: string;
  helpful: boolean | null;
  rating: number | null;
  source: "web" | "email";
  at: Date;
}

export interface UpdateFeedback {
  updateId: string;
  status: string;
  kind: string;
  displayAt: Date;
  score: FeedbackScore;
  comments: QuotedComment[];
}

export interface IncidentFeedback {
  /** Every vote and rating on the incident. */
  score: FeedbackScore;
  updates: UpdateFeedback[];
  /** Ratings after closure (no update), with their comments. */
  ratings: { score: FeedbackScore; comments: QuotedComment[] };
}

/** Feedback on one incident for the console: per update (oldest first) and the closing ratings. */
export async function listIncidentFeedback(deps: Pick<Deps, "db">, incidentId: string): Promise<IncidentFeedback> {
  const votes = await deps.db.select().from(feedback).where(eq(feedback.incidentId, incidentId)).orderBy(desc(feedback.createdAt));
  const updates = await deps.db
    .select({ id: incidentUpdate.id, status: incidentUpdate.status, kind: incidentUpdate.kind, displayAt: incidentUpdate.displayAt })
    .from(incidentUpdate)
    .where(eq(incidentUpdate.incidentId, incidentId))
    .orderBy(asc(incidentUpdate.displayAt));
  const quote = (list: typeof votes): QuotedComment[] =>
    list
      .filter((v) => v.comment)
      .map((v) => ({ text: v.comment as string, helpful: v.helpful, rating: v.rating, source: v.source, at: v.createdAt }));
  const ratings = votes.filter((v) => v.updateId === null);
  return {
    score: feedbackScore(votes),
    updates: updates.map((u) => {
      const mine = votes.filter((v) => v.updateId === u.id);
      return { updateId: u.id, status: u.status, kind: u.kind, displayAt: u.displayAt, score: feedbackScore(mine), comments: quote(mine) };
    }),
    ratings: { score: feedbackScore(ratings), comments: quote(ratings) },
  };
}
