import { z } from "zod";
import { COMMITMENT_STATES } from "../../services/commitments/schemas.ts";
import { PRIORITIES } from "../../services/incidents/schemas.ts";
import { PROBLEM_STATES } from "../../services/problems/schemas.ts";
import { Instant, Visibility } from "./common.ts";

/** Closing the loop (commitments, problems, reviews, feedback, runbooks) as the admin API answers it. */
export const CommitmentBoard = z.object({
  commitments: z.array(
    z.object({
      id: z.string(),
      incidentId: z.string(),
      incidentTitle: z.string(),
      text: z.string(),
      owner: z.string(),
      dueAt: Instant.nullable(),
      state: z.string(),
      visibility: Visibility,
      overdue: z.boolean(),
    }),
  ),
});
export const CommitmentTransitioned = z.object({ id: z.string(), state: z.enum(COMMITMENT_STATES), updateId: z.string().nullable() });

export const ProblemList = z.object({
  problems: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      category: z.string().nullable(),
      priority: z.string(),
      state: z.string(),
      incidents: z.number().int(),
      commitments: z.number().int(),
      updatedAt: Instant,
    }),
  ),
});
export const Problem = z
  .object({
    id: z.string(),
    title: z.string(),
    category: z.string().nullable(),
    priority: z.enum(PRIORITIES),
    state: z.enum(PROBLEM_STATES),
    stateChangedAt: Instant,
    investigationNotes: z.string().nullable(),
    rootCause: z.string().nullable(),
    rootCauseVisibility: Visibility,
    fixPlan: z.string().nullable(),
    changes: z.string().nullable(),
    verification: z.string().nullable(),
    closedAt: Instant.nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    incidents: z.array(
      z.object({ id: z.string(), title: z.string(), status: z.string(), impact: z.string(), visibility: Visibility, startedAt: Instant }),
    ),
    commitments: z.array(
      z.object({
        id: z.string(),
        incidentId: z.string(),
        text: z.string(),
        owner: z.string(),
        state: z.string(),
        dueAt: Instant.nullable(),
        visibility: Visibility,
      }),
    ),
  })
  .meta({ id: "Problem" });
export const ProblemTransitioned = z.object({ id: z.string(), state: z.string(), announcementIds: z.array(z.string()) });

const Rate = z.number().nullable().describe("between 0 and 1; null when there is nothing to count");
export const FeedbackScore = z
  .object({
    votes: z.number().int(),
    helpful: z.number().int(),
    notHelpful: z.number().int(),
    helpfulRate: Rate,
    ratings: z.number().int(),
    averageRating: z.number().nullable(),
  })
  .meta({ id: "FeedbackScore" });
const Comment = z.object({
  text: z.string(),
  helpful: z.boolean().nullable(),
  rating: z.number().int().nullable(),
  source: z.enum(["email", "web"]),
  at: Instant,
});
export const IncidentFeedback = z.object({
  score: FeedbackScore,
  updates: z.array(
    z.object({
      updateId: z.string(),
      status: z.string(),
      kind: z.string(),
      displayAt: Instant,
      score: FeedbackScore,
      comments: z.array(Comment),
    }),
  ),
  ratings: z.object({ score: FeedbackScore, comments: z.array(Comment) }),
});
export const FeedbackRequested = z.object({ recipients: z.number().int() });

export const Review = z
  .object({
    incident: z.object({
      id: z.string(),
      title: z.string(),
      status: z.string(),
      impact: z.string(),
      category: z.string().nullable(),
      startedAt: Instant,
      resolvedAt: Instant.nullable(),
    }),
    sections: z.object({
      whatWorked: z.string(),
      whatDidnt: z.string(),
      lessons: z.string(),
      documentationChanges: z.string(),
      updatedAt: Instant.nullable(),
      updatedBy: z.string().nullable(),
    }),
    actions: z.array(
      z.object({
        id: z.string(),
        text: z.string(),
        owner: z.string(),
        dueAt: Instant.nullable(),
        doneAt: Instant.nullable(),
        overdue: z.boolean(),
      }),
    ),
    timeline: z.array(
      z.object({
        at: Instant,
        kind: z.enum(["update", "signal", "acknowledgement", "first_public_update", "resolution"]),
        label: z.string(),
        updateId: z.string().optional(),
        updateKind: z.string().optional(),
        status: z.string().optional(),
        published: z.boolean().optional(),
        signals: z.number().int().optional(),
      }),
    ),
    metrics: z.object({
      backfilled: z.boolean(),
      timeToAcknowledgeMs: z.number().nullable(),
      acknowledgeSource: z.enum(["acknowledgement", "first_team_action"]).nullable(),
      timeToFirstPublicUpdateMs: z.number().nullable(),
      timeToResolveMs: z.number().nullable(),
      reopened: z.number().int(),
      promises: z.object({
        made: z.number().int(),
        kept: z.number().int(),
        late: z.array(z.object({ promisedBy: Instant, deliveredAt: Instant.nullable(), lateMs: z.number() })),
        pending: z.number().int(),
        keptRate: Rate,
        maxLateMs: z.number().nullable(),
      }),
      subscribersReached: z.number().int(),
      audiencesReached: z.array(z.string()),
      deliveries: z.object({
        total: z.number().int(),
        attempted: z.number().int(),
        succeeded: z.number().int(),
        bounced: z.number().int(),
        failed: z.number().int(),
        successRate: Rate,
        bounceRate: Rate,
      }),
      feedback: FeedbackScore,
    }),
  })
  .meta({ id: "Review" });
export const ReviewActionDone = z.object({ id: z.string(), done: z.boolean() });

const RunbookSummary = z.object({
  id: z.string(),
  title: z.string(),
  componentId: z.string().nullable(),
  componentName: z.string().nullable(),
  category: z.string().nullable(),
  currentVersion: z.number().int(),
  updatedAt: Instant,
});
const RunbookVersion = z.object({
  id: z.string(),
  runbookId: z.string(),
  version: z.number().int().nullable(),
  state: z.enum(["published", "proposed", "rejected"]),
  body: z.string(),
  note: z.string().nullable(),
  author: z.string(),
  proposedFromIncidentId: z.string().nullable(),
  decidedAt: Instant.nullable(),
  createdAt: Instant,
});
export const RunbookList = z.object({ runbooks: z.array(RunbookSummary) });
export const Runbook = RunbookSummary.extend({
  body: z.string(),
  versions: z.array(RunbookVersion),
  proposals: z.array(RunbookVersion),
}).meta({
  id: "Runbook",
});
export const RunbookVersionAdded = z.object({ version: z.number().int() });
export const ProposalDecided = z.object({
  version: z.number().int().nullable().describe("the new version when accepted, null when rejected"),
});
