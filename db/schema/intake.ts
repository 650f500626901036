import { sql } from "drizzle-orm";
import { blob, check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { at, createdAt, id } from "./columns.ts";
import { incident } from "./incident.ts";
import { COMPONENT_STATUSES, component } from "./page.ts";
import { teamMember } from "./team.ts";

export const INTAKE_KINDS = ["alertmanager", "grafana", "generic"] as const;
export const SIGNAL_SEVERITIES = ["critical", "major", "minor", "warning", "info"] as const;
export const RULE_ACTIONS = ["suggest", "draft_incident", "auto_component_status"] as const;
export const REPORT_CHANNELS = ["web", "phone", "chat", "email"] as const;
export const REPORT_STATES = ["open", "dismissed", "attached", "incident"] as const;
export type SignalSeverity = (typeof SIGNAL_SEVERITIES)[number];
export type RuleAction = (typeof RULE_ACTIONS)[number];
export type ReportChannel = (typeof REPORT_CHANNELS)[number];
export interface LabelMatcher {
  label: string;
  op: "=" | "!=" | "=~";
  value: string;
}

/** A monitoring system that may post alerts; its token `clarion_in_<id>.<secret>` is stored as SHA-256(secret). */
export const intakeSource = sqliteTable("intake_source", {
  id: id(),
  name: text().notNull(),
  kind: text({ enum: INTAKE_KINDS }).notNull(),
  secretHash: blob({ mode: "buffer" }).notNull(),
  lastUsedAt: at(),
  revokedAt: at(),
  createdAt: createdAt(),
});

/** Maps signals to components by labels and decides what happens; the first enabled match by position wins. */
export const intakeRule = sqliteTable(
  "intake_rule",
  {
    id: id(),
    name: text().notNull(),
    position: integer().notNull().default(0),
    matchers: text({ mode: "json" }).$type<LabelMatcher[]>().notNull(),
    componentIds: text({ mode: "json" }).$type<string[]>().notNull().default([]),
    action: text({ enum: RULE_ACTIONS }).notNull().default("suggest"),
    componentStatus: text({ enum: COMPONENT_STATUSES }),
    minHoldSeconds: integer().notNull().default(0),
    enabled: integer({ mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    check("intake_rule_status_ck", sql`${t.action} <> 'auto_component_status' OR ${t.componentStatus} IS NOT NULL`),
    check("intake_rule_hold_ck", sql`${t.minHoldSeconds} >= 0`),
  ],
);

/** One alert from monitoring, deduplicated by (source, fingerprint); state lives in timestamps. */
export const signal = sqliteTable(
  "signal",
  {
    id: id(),
    sourceId: text()
      .notNull()
      .references(() => intakeSource.id, { onDelete: "cascade" }),
    fingerprint: text().notNull(),
    status: text({ enum: ["firing", "resolved"] }).notNull(),
    severity: text({ enum: SIGNAL_SEVERITIES }).notNull().default("warning"),
    summary: text().notNull(),
    labels: text({ mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    componentIds: text({ mode: "json" }).$type<string[]>().notNull().default([]),
    ruleId: text().references(() => intakeRule.id, { onDelete: "set null" }),
    incidentId: text().references(() => incident.id, { onDelete: "set null" }),
    /** Component statuses this signal set automatically, with what to restore on resolve. */
    autoStatus: text({ mode: "json" }).$type<{ id: string; status: string; previous: string }[]>().notNull().default([]),
    eventCount: integer().notNull().default(1),
    firstSeenAt: integer({ mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer({ mode: "timestamp_ms" }).notNull(),
    /** When the current firing began (firstSeenAt of this episode); the flapping guard measures from here. */
    firingSinceAt: integer({ mode: "timestamp_ms" }).notNull(),
    resolvedAt: at(),
    acknowledgedAt: at(),
    dismissedAt: at(),
    dismissReason: text(),
    decidedBy: text().references(() => teamMember.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("signal_source_fingerprint_uq").on(t.sourceId, t.fingerprint),
    index("signal_status_idx").on(t.status, t.lastSeenAt),
    index("signal_incident_idx").on(t.incidentId),
  ],
);

/** A user says something is wrong: on /report or through a team member (phone, chat, email). */
export const report = sqliteTable(
  "report",
  {
    id: id(),
    what: text().notNull(),
    componentId: text().references(() => component.id, { onDelete: "set null" }),
    email: text(),
    channel: text({ enum: REPORT_CHANNELS }).notNull().default("web"),
    customer: text(),
    organisation: text(),
    /** Similar reports share the id of the first report of their group. */
    groupId: text().notNull(),
    state: text({ enum: REPORT_STATES }).notNull().default("open"),
    incidentId: text().references(() => incident.id, { onDelete: "set null" }),
    dismissReason: text(),
    loggedBy: text().references(() => teamMember.id, { onDelete: "set null" }),
    decidedAt: at(),
    /** When the reporter was told that the incident closed. */
    notifiedAt: at(),
    /** The language of the page they reported from: their emails are written in it. */
    language: text().notNull().default("en"),
    createdAt: createdAt(),
  },
  (t) => [
    index("report_group_idx").on(t.groupId),
    index("report_state_idx").on(t.state, t.createdAt),
    index("report_incident_idx").on(t.incidentId),
  ],
);

/** Who is on call for a component or a category, by ordered level. */
export const escalationContact = sqliteTable(
  "escalation_contact",
  {
    id: id(),
    componentId: text().references(() => component.id, { onDelete: "cascade" }),
    category: text(),
    level: integer().notNull(),
    memberId: text().references(() => teamMember.id, { onDelete: "cascade" }),
    email: text(),
    webhookUrl: text(),
    /** Minutes to wait for an acknowledgement before the next level is told. */
    ackMinutes: integer().notNull().default(15),
    createdAt: createdAt(),
  },
  (t) => [
    check("escalation_contact_scope_ck", sql`(${t.componentId} IS NULL) <> (${t.category} IS NULL)`),
    check("escalation_contact_who_ck", sql`(${t.memberId} IS NULL) <> (${t.email} IS NULL)`),
    check("escalation_contact_level_ck", sql`${t.level} >= 1 AND ${t.ackMinutes} >= 1`),
  ],
);

/** One paging run for a signal or an incident; it climbs levels until someone acknowledges. */
export const escalation = sqliteTable(
  "escalation",
  {
    id: id(),
    signalId: text().references(() => signal.id, { onDelete: "cascade" }),
    incidentId: text().references(() => incident.id, { onDelete: "cascade" }),
    componentIds: text({ mode: "json" }).$type<string[]>().notNull().default([]),
    category: text(),
    title: text().notNull(),
    level: integer().notNull().default(1),
    nextAt: at(),
    ackTokenHash: blob({ mode: "buffer" }).notNull(),
    acknowledgedAt: at(),
    acknowledgedBy: text(),
    /** Milliseconds from the first page to the acknowledgement, for review metrics. */
    timeToAckMs: integer(),
    exhaustedAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    index("escalation_next_idx").on(t.nextAt),
    check("escalation_subject_ck", sql`${t.signalId} IS NOT NULL OR ${t.incidentId} IS NOT NULL`),
  ],
);
