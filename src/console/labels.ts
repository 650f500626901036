import { t } from "../i18n/console/index.ts";
import type { COMMITMENT_STATES } from "../services/commitments/schemas.ts";
import type { PROBLEM_STATES } from "../services/problems/schemas.ts";
import type { TimelineEvent } from "../services/reviews/timeline.ts";

type ProblemState = (typeof PROBLEM_STATES)[number];
type CommitmentState = (typeof COMMITMENT_STATES)[number];

/** A problem record's state in words ("Root cause known"). */
export const problemStateLabel = (state: ProblemState): string => t(`problem.state_${state}`);

/** A prevention commitment's state in words ("In progress"). */
export const commitmentStateLabel = (state: CommitmentState): string => t(`commitments.state_${state}`);

/** What a review timeline entry is ("First public update"). */
export const reviewEventLabel = (kind: TimelineEvent["kind"]): string => t(`review_event.${kind}`);
