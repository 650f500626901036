import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { at, createdAt, id, translations, visibility } from "./columns.ts";
import { COMPONENT_STATUSES, component } from "./page.ts";
import { teamMember } from "./team.ts";

export const IMPACTS = ["none", "minor", "major", "critical"] as const;
export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved", "postmortem"] as const;
export const MAINTENANCE_STATUSES = ["scheduled", "in_progress", "verifying", "completed", "cancelled"] as const;
export type Impact = (typeof IMPACTS)[number];
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

/** An incident or a scheduled maintenance (kind); Statuspage models both as incidents too. */
export const incident = sqliteTable(
  "incident",
  {
    id: id(),
    kind: text({ enum: ["incident", "maintenance"] })
      .notNull()
      .default("incident"),
    title: text().notNull(),
    impact: text({ enum: IMPACTS }).notNull().default("none"),
    status: text().notNull(),
    visibility: visibility(),
    category: text(),
    priority: text({ enum: ["P1", "P2", "P3", "P4"] }),
    ownerId: text().references(() => teamMember.id, { onDelete: "set null" }),
    startedAt: integer({ mode: "timestamp_ms" }).notNull(),
    resolvedAt: at(),
    scheduledFor: at(),
    scheduledUntil: at(),
    autoTransition: integer({ mode: "boolean" }).notNull().default(true),
    reminderMinutes: integer().notNull().default(60),
    reminderSentAt: at(),
    nextUpdateBy: at(),
    overdueNotifiedAt: at(),
    draft: integer({ mode: "boolean" }).notNull().default(false),
    /** A practice incident: the team's alone (internal), emailed only to the team, left out of status and insights. */
    drill: integer({ mode: "boolean" }).notNull().default(false),
    postmortemBody: text(),
    /** The postmortem in other languages, by language tag; it is shown exactly where the postmortem is. */
    postmortemTranslations: translations(),
    postmortemPublishedAt: at(),
    /** A maintenance's iCalendar SEQUENCE: counts the changes a calendar must show (a moved window, a new title, a cancellation). */
    sequence: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    index("incident_kind_status_idx").on(t.kind, t.status),
    index("incident_started_idx").on(t.startedAt),
    check("incident_visibility_ck", sql`${t.visibility} <> ''`),
    check(
      "incident_status_ck",
      sql`(${t.kind} = 'incident' AND ${t.status} IN ('investigating','identified','monitoring','resolved','postmortem')) OR (${t.kind} = 'maintenance' AND ${t.status} IN ('scheduled','in_progress','verifying','completed','cancelled'))`,
    ),
    check("incident_window_ck", sql`${t.scheduledUntil} IS NULL OR ${t.scheduledFor} IS NULL OR ${t.scheduledUntil} > ${t.scheduledFor}`),
  ],
);

export const incidentComponent = sqliteTable(
  "incident_component",
  {
    incidentId: text()
      .notNull()
      .references(() => incident.id, { onDelete: "cascade" }),
    componentId: text()
      .notNull()
      .references(() => component.id, { onDelete: "cascade" }),
    status: text({ enum: COMPONENT_STATUSES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.componentId] }), index("incident_component_component_idx").on(t.componentId)],
);

/** One step of a timeline. Its words live in `message` rows. */
export const incidentUpdate = sqliteTable(
  "incident_update",
  {
    id: id(),
    incidentId: text()
      .notNull()
      .references(() => incident.id, { onDelete: "cascade" }),
    kind: text({ enum: ["update", "closure", "apology", "commitment", "postmortem", "correction"] })
      .notNull()
      .default("update"),
    status: text().notNull(),
    componentChanges: text({ mode: "json" }).$type<{ id: string; status: (typeof COMPONENT_STATUSES)[number] }[]>().notNull().default([]),
    nextUpdateBy: at(),
    notify: integer({ mode: "boolean" }).notNull().default(true),
    authorId: text().references(() => teamMember.id, { onDelete: "set null" }),
    revision: integer().notNull().default(1),
    displayAt: integer({ mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    retractedAt: at(),
  },
  (t) => [index("incident_update_incident_idx").on(t.incidentId, t.displayAt)],
);

/** The unit of confidentiality: the public text, a variant for one audience, or an internal note. */
export const message = sqliteTable(
  "message",
  {
    id: id(),
    updateId: text()
      .notNull()
      .references(() => incidentUpdate.id, { onDelete: "cascade" }),
    kind: text({ enum: ["public", "variant", "internal"] }).notNull(),
    audienceSlug: text(),
    body: text().notNull(),
    /** The body in other languages, by language tag: on the row it translates, so it has exactly its visibility. */
    translations: translations(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("message_update_kind_uq").on(t.updateId, t.kind).where(sql`${t.kind} <> 'variant'`),
    uniqueIndex("message_update_audience_uq").on(t.updateId, t.audienceSlug).where(sql`${t.kind} = 'variant'`),
    check("message_variant_audience_ck", sql`(${t.kind} = 'variant') = (${t.audienceSlug} IS NOT NULL)`),
  ],
);

/** Earlier revisions of an update's messages, kept for the team. */
export const updateRevision = sqliteTable(
  "update_revision",
  {
    id: id(),
    updateId: text()
      .notNull()
      .references(() => incidentUpdate.id, { onDelete: "cascade" }),
    revision: integer().notNull(),
    status: text().notNull(),
    messages: text({ mode: "json" }).$type<{ kind: string; audienceSlug: string | null; body: string }[]>().notNull(),
    editedBy: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("update_revision_uq").on(t.updateId, t.revision)],
);

/**
 * The standing closure of an incident: which timeline steps carry its summary and its apology.
 * The words are those steps' messages, so edit, retract and the projection treat them like any update.
 */
export const closure = sqliteTable("closure", {
  incidentId: text()
    .primaryKey()
    .notNull()
    .references(() => incident.id, { onDelete: "cascade" }),
  updateId: text()
    .notNull()
    .references(() => incidentUpdate.id, { onDelete: "cascade" }),
  /** The timeline step whose messages are the apology (public text and audience variants). */
  apologyUpdateId: text().references(() => incidentUpdate.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

export const COMMITMENT_STATES = ["planned", "in_progress", "done", "dropped"] as const;

export const preventionCommitment = sqliteTable(
  "prevention_commitment",
  {
    id: id(),
    incidentId: text()
      .notNull()
      .references(() => incident.id, { onDelete: "cascade" }),
    text: text().notNull(),
    /** The public text in other languages, by language tag (same visibility as the row). */
    translations: translations(),
    owner: text().notNull(),
    dueAt: at(),
    visibility: visibility(),
    state: text({ enum: COMMITMENT_STATES }).notNull().default("planned"),
    stateChangedAt: createdAt(),
    createdAt: createdAt(),
  },
  (t) => [
    index("prevention_commitment_incident_idx").on(t.incidentId),
    check("prevention_commitment_state_ck", sql`${t.state} IN ('planned','in_progress','done','dropped')`),
  ],
);

export const template = sqliteTable(
  "template",
  {
    id: id(),
    kind: text({ enum: ["update", "apology", "closure"] }).notNull(),
    name: text().notNull(),
    status: text(),
    title: text(),
    body: text().notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex("template_kind_name_uq").on(t.kind, t.name)],
);
