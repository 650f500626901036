import { t, tp } from "../../i18n/console/index.ts";
import type { NotificationKind } from "../../notify/outbox.ts";
import { COMMITMENT_STATES } from "../../services/commitments/schemas.ts";
import { PROBLEM_STATES } from "../../services/problems/schemas.ts";
import type { TimelineEvent } from "../../services/reviews/timeline.ts";
import { statusLabel } from "./incidents/labels.ts";

type ProblemState = (typeof PROBLEM_STATES)[number];
type CommitmentState = (typeof COMMITMENT_STATES)[number];

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** A problem record's state in words ("Root cause known"). */
export const problemStateLabel = (state: ProblemState | string): string =>
  isOneOf(PROBLEM_STATES, state) ? t(`problem.state_${state}`) : state;

/** A prevention commitment's state in words ("In progress"). */
export const commitmentStateLabel = (state: CommitmentState | string): string =>
  isOneOf(COMMITMENT_STATES, state) ? t(`commitments.state_${state}`) : state;

const UPDATE_KINDS = ["update", "closure", "apology", "commitment", "postmortem", "correction"] as const;

/** What an update of the timeline is: its status ("Identified") for an update, else its kind ("Closure notice"). */
export function updateLabel(u: { kind: string; status: string }): string {
  if (u.kind === "update") return statusLabel(u.status);
  return isOneOf(UPDATE_KINDS, u.kind) ? t(`update_kind.${u.kind}`) : u.kind;
}

/** What a review timeline entry is ("First public update"). */
export const reviewEventLabel = (kind: TimelineEvent["kind"]): string => t(`review_event.${kind}`);

/** What a review timeline entry says after its kind: "Identified", "Closure notice (team only)", "3 signals"; "" for none. */
export function reviewEventDetail(e: TimelineEvent): string {
  if (e.signals !== undefined) return tp("review_event.signals", e.signals);
  if (e.updateKind === undefined || e.status === undefined) return "";
  const what = updateLabel({ kind: e.updateKind, status: e.status });
  return e.published === false ? t("review_event.team_only", { what }) : what;
}

const NOTIFICATION_KINDS = [
  "incident.created",
  "incident.updated",
  "incident.closed",
  "incident.postmortem",
  "commitment.updated",
  "maintenance.scheduled",
  "maintenance.reminder",
  "maintenance.started",
  "maintenance.completed",
  "maintenance.rescheduled",
  "maintenance.cancelled",
  "component.updated",
  "channel.test",
  "channel.verify",
] as const satisfies readonly NotificationKind[];

/** What a notification was about, in words ("Maintenance announced"). */
export const notificationKindLabel = (kind: string): string => (isOneOf(NOTIFICATION_KINDS, kind) ? t(`notification_kind.${kind}`) : kind);
