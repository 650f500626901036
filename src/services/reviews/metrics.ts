/**
 * Post-incident metrics as pure functions of a hand-built or loaded timeline, so every edge
 * case (no updates, reopened, backfilled, still open) is testable with a fake clock.
 */

export interface TimelineUpdate {
  id: string;
  kind: string;
  status: string;
  /** When it happened on the incident's timeline (may be backdated). */
  displayAt: Date;
  /** When it was actually posted. */
  createdAt: Date;
  nextUpdateBy: Date | null;
  /** Has a message outside the team (public text or an audience variant). */
  published: boolean;
}

export interface IncidentTimeline {
  startedAt: Date;
  createdAt: Date;
  resolvedAt: Date | null;
  /** An alert or escalation was acknowledged (intake), if Clarion knows. */
  acknowledgedAt: Date | null;
  /** The earliest thing a team member did on the incident (creating it counts). */
  firstTeamActionAt: Date | null;
  updates: TimelineUpdate[];
}

export interface DeliveryCounts {
  /** State → number of deliveries. */
  [state: string]: number;
}

export interface FeedbackVote {
  helpful: boolean | null;
  rating: number | null;
}

/** Entered after the fact: created once it was already resolved, so no real-time figure means anything. */
export function isBackfilled(t: IncidentTimeline): boolean {
  return t.resolvedAt !== null && t.createdAt.getTime() >= t.resolvedAt.getTime();
}

const span = (from: Date, to: Date | null | undefined): number | null => (to ? Math.max(0, to.getTime() - from.getTime()) : null);

function byPosted(updates: TimelineUpdate[]): TimelineUpdate[] {
  return [...updates].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

export function timeToAcknowledge(t: IncidentTimeline): { ms: number | null; source: "acknowledgement" | "first_team_action" | null } {
  if (t.acknowledgedAt) return { ms: span(t.startedAt, t.acknowledgedAt), source: "acknowledgement" };
  if (isBackfilled(t) || !t.firstTeamActionAt) return { ms: null, source: null };
  return { ms: span(t.startedAt, t.firstTeamActionAt), source: "first_team_action" };
}

export function timeToFirstPublicUpdate(t: IncidentTimeline): number | null {
  if (isBackfilled(t)) return null;
  const first = byPosted(t.updates).find((u) => u.published);
  return first ? span(t.startedAt, first.createdAt) : null;
}

/** Start to the final resolution; null while open. Reopened incidents count until they last resolved. */
export function timeToResolve(t: IncidentTimeline): number | null {
  return span(t.startedAt, t.resolvedAt);
}

/** How often an incident went from resolved back to an open status. */
export function reopenCount(t: IncidentTimeline): number {
  let count = 0;
  let resolved = false;
  for (const u of byPosted(t.updates)) {
    const done = u.status === "resolved" || u.status === "postmortem";
    if (resolved && !done) count++;
    resolved = done;
  }
  return count;
}

export interface PromiseReport {
  made: number;
  kept: number;
  /** Broken promises: when the next public update came (null: none yet) and how late. */
  late: { promisedBy: Date; deliveredAt: Date | null; lateMs: number }[];
  /** Promises whose deadline has not passed yet. */
  pending: number;
  /** kept / (kept + late); null when nothing has come due. */
  keptRate: number | null;
  maxLateMs: number | null;
}

/**
 * Each `nextUpdateBy` is kept when the next published update is posted by then. A promise
 * with no later update is late (measured to `now`) once its deadline passed, else pending.
 */
export function promisesKept(t: IncidentTimeline, now: Date): PromiseReport {
  const report: PromiseReport = { made: 0, kept: 0, late: [], pending: 0, keptRate: null, maxLateMs: null };
  if (isBackfilled(t)) return report;
  const posted = byPosted(t.updates);
  posted.forEach((u, i) => {
    if (!u.nextUpdateBy) return;
    report.made++;
    const next = posted.slice(i + 1).find((n) => n.published);
    const deadline = u.nextUpdateBy.getTime();
    if (next && next.createdAt.getTime() <= deadline) report.kept++;
    else if (next)
      report.late.push({ promisedBy: u.nextUpdateBy, deliveredAt: next.createdAt, lateMs: next.createdAt.getTime() - deadline });
    else if (now.getTime() > deadline)
      report.late.push({ promisedBy: u.nextUpdateBy, deliveredAt: null, lateMs: now.getTime() - deadline });
    else report.pending++;
  });
  const due = report.kept + report.late.length;
  report.keptRate = due ? report.kept / due : null;
  report.maxLateMs = report.late.length ? Math.max(...report.late.map((l) => l.lateMs)) : null;
  return report;
}

const SUCCESS = ["sent", "delivered"];
const BOUNCED = ["bounced", "complained"];
const NOT_ATTEMPTED = ["pending", "sending", "skipped"];

export interface DeliveryReport {
  total: number;
  attempted: number;
  succeeded: number;
  bounced: number;
  failed: number;
  /** Of attempted deliveries; null when none was attempted. */
  successRate: number | null;
  bounceRate: number | null;
}

export function deliveryRates(counts: DeliveryCounts): DeliveryReport {
  let total = 0;
  let attempted = 0;
  let succeeded = 0;
  let bounced = 0;
  for (const [state, n] of Object.entries(counts)) {
    total += n;
    if (NOT_ATTEMPTED.includes(state)) continue;
    attempted += n;
    if (SUCCESS.includes(state)) succeeded += n;
    if (BOUNCED.includes(state)) bounced += n;
  }
  return {
    total,
    attempted,
    succeeded,
    bounced,
    failed: attempted - succeeded - bounced,
    successRate: attempted ? succeeded / attempted : null,
    bounceRate: attempted ? bounced / attempted : null,
  };
}

export interface FeedbackScore {
  votes: number;
  helpful: number;
  notHelpful: number;
  /** helpful / (helpful + not helpful); null without votes. */
  helpfulRate: number | null;
  ratings: number;
  averageRating: number | null;
}

export function feedbackScore(votes: FeedbackVote[]): FeedbackScore {
  const helpful = votes.filter((v) => v.helpful === true).length;
  const notHelpful = votes.filter((v) => v.helpful === false).length;
  const ratings = votes.map((v) => v.rating).filter((r): r is number => typeof r === "number");
  return {
    votes: votes.length,
    helpful,
    notHelpful,
    helpfulRate: helpful + notHelpful ? helpful / (helpful + notHelpful) : null,
    ratings: ratings.length,
    averageRating: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
  };
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
