import { and, count, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { incident, review, reviewAction } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";

export interface ReviewListItem {
  incidentId: string;
  title: string;
  impact: string;
  resolvedAt: Date | null;
  reviewed: boolean;
  openActions: number;
}

/** Resolved incidents, newest first, with whether a review was written and its open follow-ups. */
export async function listReviews(deps: Pick<Deps, "db">, limit = 200): Promise<ReviewListItem[]> {
  const open = deps.db
    .select({ incidentId: reviewAction.incidentId, n: count().as("open_n") })
    .from(reviewAction)
    .where(isNull(reviewAction.doneAt))
    .groupBy(reviewAction.incidentId)
    .as("open_actions");
  const rows = await deps.db
    .select({
      id: incident.id,
      title: incident.title,
      impact: incident.impact,
      resolvedAt: incident.resolvedAt,
      reviewed: review.updatedAt,
      open: open.n,
    })
    .from(incident)
    .leftJoin(review, eq(review.incidentId, incident.id))
    .leftJoin(open, eq(open.incidentId, incident.id))
    .where(and(eq(incident.kind, "incident"), isNotNull(incident.resolvedAt)))
    .orderBy(desc(incident.resolvedAt))
    .limit(limit);
  return rows.map((r) => ({
    incidentId: r.id,
    title: r.title,
    impact: r.impact,
    resolvedAt: r.resolvedAt,
    reviewed: r.reviewed !== null,
    openActions: r.open ?? 0,
  }));
}
