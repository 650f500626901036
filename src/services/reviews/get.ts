import { asc, eq } from "drizzle-orm";
import { review, reviewAction } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { requireIncident } from "../incidents/load.ts";
import {
  type DeliveryReport,
  deliveryRates,
  type FeedbackScore,
  feedbackScore,
  isBackfilled,
  type PromiseReport,
  promisesKept,
  reopenCount,
  timeToAcknowledge,
  timeToFirstPublicUpdate,
  timeToResolve,
} from "./metrics.ts";
import { loadReach } from "./reach.ts";
import { loadTimeline, type TimelineEvent } from "./timeline.ts";

export interface ReviewMetrics {
  backfilled: boolean;
  timeToAcknowledgeMs: number | null;
  acknowledgeSource: "acknowledgement" | "first_team_action" | null;
  timeToFirstPublicUpdateMs: number | null;
  timeToResolveMs: number | null;
  reopened: number;
  promises: PromiseReport;
  subscribersReached: number;
  audiencesReached: string[];
  deliveries: DeliveryReport;
  feedback: FeedbackScore;
}

export interface ReviewDetail {
  incident: {
    id: string;
    title: string;
    status: string;
    impact: string;
    category: string | null;
    startedAt: Date;
    resolvedAt: Date | null;
  };
  sections: {
    whatWorked: string;
    whatDidnt: string;
    lessons: string;
    documentationChanges: string;
    updatedAt: Date | null;
    updatedBy: string | null;
  };
  actions: { id: string; text: string; owner: string; dueAt: Date | null; doneAt: Date | null; overdue: boolean }[];
  timeline: TimelineEvent[];
  metrics: ReviewMetrics;
}

/** The review of one incident: computed from what Clarion knows, plus what the team wrote. */
export async function getReview(deps: Pick<Deps, "db" | "clock">, incidentId: string): Promise<ReviewDetail> {
  const inc = await requireIncident(deps.db, incidentId);
  const { timeline, events, audiences } = await loadTimeline(deps, incidentId);
  const reach = await loadReach(deps, incidentId);
  const [written] = await deps.db.select().from(review).where(eq(review.incidentId, incidentId));
  const actions = await deps.db
    .select()
    .from(reviewAction)
    .where(eq(reviewAction.incidentId, incidentId))
    .orderBy(asc(reviewAction.createdAt));
  const now = deps.clock.now();
  const ack = timeToAcknowledge(timeline);
  return {
    incident: {
      id: inc.id,
      title: inc.title,
      status: inc.status,
      impact: inc.impact,
      category: inc.category,
      startedAt: inc.startedAt,
      resolvedAt: inc.resolvedAt,
    },
    sections: {
      whatWorked: written?.whatWorked ?? "",
      whatDidnt: written?.whatDidnt ?? "",
      lessons: written?.lessons ?? "",
      documentationChanges: written?.documentationChanges ?? "",
      updatedAt: written?.updatedAt ?? null,
      updatedBy: written?.updatedBy ?? null,
    },
    actions: actions.map((a) => ({
      id: a.id,
      text: a.text,
      owner: a.owner,
      dueAt: a.dueAt,
      doneAt: a.doneAt,
      overdue: !a.doneAt && !!a.dueAt && a.dueAt < now,
    })),
    timeline: events,
    metrics: {
      backfilled: isBackfilled(timeline),
      timeToAcknowledgeMs: ack.ms,
      acknowledgeSource: ack.source,
      timeToFirstPublicUpdateMs: timeToFirstPublicUpdate(timeline),
      timeToResolveMs: timeToResolve(timeline),
      reopened: reopenCount(timeline),
      promises: promisesKept(timeline, now),
      subscribersReached: reach.subscribersReached,
      audiencesReached: audiences,
      deliveries: deliveryRates(reach.deliveries),
      feedback: feedbackScore(reach.votes),
    },
  };
}
