import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { at, createdAt, id, visibility } from "./columns.ts";
import { incident, incidentUpdate, preventionCommitment } from "./incident.ts";
import { component } from "./page.ts";
import { delivery, subscriber } from "./subscriber.ts";

/**
 * A stakeholder's vote: on one update (helpful yes/no) or, with no update, on the whole
 * incident after closure (rating 1–5). One vote per recipient per update or incident;
 * anonymous web votes have no subscriber and are rate-limited instead.
 */
export const feedback = sqliteTable(
  "feedback",
  {
    id: id(),
    incidentId: text()
      .notNull()
      .references(() => incident.id, { onDelete: "cascade" }),
    updateId: text().references(() => incidentUpdate.id, { onDelete: "cascade" }),
    subscriberId: text().references(() => subscriber.id, { onDelete: "set null" }),
    deliveryId: text().references(() => delivery.id, { onDelete: "set null" }),
    source: text({ enum: ["web", "email"] }).notNull(),
    helpful: integer({ mode: "boolean" }),
    rating: integer(),
    comment: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("feedback_incident_idx").on(t.incidentId, t.createdAt),
    index("feedback_update_idx").on(t.updateId),
    index("feedback_created_idx").on(t.createdAt),
    uniqueIndex("feedback_update_subscriber_uq")
      .on(t.updateId, t.subscriberId)
      .where(sql`${t.updateId} IS NOT NULL AND ${t.subscriberId} IS NOT NULL`),
    uniqueIndex("feedback_incident_subscriber_uq")
      .on(t.incidentId, t.subscriberId)
      .where(sql`${t.updateId} IS NULL AND ${t.subscriberId} IS NOT NULL`),
    check("feedback_rating_ck", sql`${t.rating} IS NULL OR (${t.rating} BETWEEN 1 AND 5)`),
    check(
      "feedback_kind_ck",
      sql`(${t.updateId} IS NOT NULL AND ${t.helpful} IS NOT NULL) OR (${t.updateId} IS NULL AND ${t.rating} IS NOT NULL)`,
    ),
  ],
);

export const PROBLEM_STATES = ["identified", "investigating", "root_cause_known", "fix_in_progress", "verifying", "closed"] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];

/** A root cause shared by one or more incidents, worked on until the fix is verified. */
export const problem = sqliteTable(
  "problem",
  {
    id: id(),
    title: text().notNull(),
    category: text(),
    priority: text({ enum: ["P1", "P2", "P3", "P4"] })
      .notNull()
      .default("P3"),
    state: text({ enum: PROBLEM_STATES }).notNull().default("identified"),
    /** For the team only; never leaves the console. */
    investigationNotes: text(),
    rootCause: text(),
    rootCauseVisibility: visibility(),
    fixPlan: text(),
    changes: text(),
    verification: text(),
    stateChangedAt: createdAt(),
    closedAt: at(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    index("problem_state_idx").on(t.state),
    check("problem_state_ck", sql`${t.state} IN ('identified','investigating','root_cause_known','fix_in_progress','verifying','closed')`),
    check("problem_visibility_ck", sql`${t.rootCauseVisibility} <> ''`),
  ],
);

export const problemIncident = sqliteTable(
  "problem_incident",
  {
    problemId: text()
      .notNull()
      .references(() => problem.id, { onDelete: "cascade" }),
    incidentId: text()
      .notNull()
      .references(() => incident.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.problemId, t.incidentId] }), index("problem_incident_incident_idx").on(t.incidentId)],
);

/** A prevention commitment is delivered by at most one problem. */
export const problemCommitment = sqliteTable(
  "problem_commitment",
  {
    commitmentId: text()
      .primaryKey()
      .notNull()
      .references(() => preventionCommitment.id, { onDelete: "cascade" }),
    problemId: text()
      .notNull()
      .references(() => problem.id, { onDelete: "cascade" }),
  },
  (t) => [index("problem_commitment_problem_idx").on(t.problemId)],
);

/** The team's post-incident review: one per incident. */
export const review = sqliteTable("review", {
  incidentId: text()
    .primaryKey()
    .notNull()
    .references(() => incident.id, { onDelete: "cascade" }),
  whatWorked: text().notNull().default(""),
  whatDidnt: text().notNull().default(""),
  lessons: text().notNull().default(""),
  documentationChanges: text().notNull().default(""),
  updatedBy: text(),
  createdAt: createdAt(),
  updatedAt: createdAt(),
});

export const reviewAction = sqliteTable(
  "review_action",
  {
    id: id(),
    incidentId: text()
      .notNull()
      .references(() => review.incidentId, { onDelete: "cascade" }),
    text: text().notNull(),
    owner: text().notNull(),
    dueAt: at(),
    doneAt: at(),
    createdAt: createdAt(),
  },
  (t) => [index("review_action_incident_idx").on(t.incidentId), index("review_action_due_idx").on(t.doneAt, t.dueAt)],
);

/** A standard procedure for a component or an incident category; its text lives in versions. */
export const runbook = sqliteTable(
  "runbook",
  {
    id: id(),
    title: text().notNull(),
    componentId: text().references(() => component.id, { onDelete: "set null" }),
    category: text(),
    currentVersion: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    index("runbook_component_idx").on(t.componentId),
    index("runbook_category_idx").on(t.category),
    check("runbook_target_ck", sql`${t.componentId} IS NOT NULL OR ${t.category} IS NOT NULL`),
  ],
);

/** Published versions are numbered; a review's proposed edit waits (version NULL) until accepted or rejected. */
export const runbookVersion = sqliteTable(
  "runbook_version",
  {
    id: id(),
    runbookId: text()
      .notNull()
      .references(() => runbook.id, { onDelete: "cascade" }),
    version: integer(),
    state: text({ enum: ["published", "proposed", "rejected"] }).notNull(),
    body: text().notNull(),
    note: text(),
    author: text().notNull(),
    proposedFromIncidentId: text().references(() => incident.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    decidedAt: at(),
  },
  (t) => [
    uniqueIndex("runbook_version_uq").on(t.runbookId, t.version),
    index("runbook_version_state_idx").on(t.runbookId, t.state),
    check("runbook_version_state_ck", sql`(${t.state} = 'published') = (${t.version} IS NOT NULL)`),
  ],
);
