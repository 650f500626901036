import { sql } from "drizzle-orm";
import { blob, check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { at, createdAt, id } from "./columns.ts";

export const ROLES = ["owner", "admin", "communicator", "responder", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const teamMember = sqliteTable(
  "team_member",
  {
    id: id(),
    email: text().notNull(),
    name: text().notNull(),
    role: text({ enum: ROLES }).notNull().default("viewer"),
    passwordHash: text(),
    /** The IANA zone the console shows and reads times in; null until chosen (the browser's zone, else UTC). */
    timeZone: text(),
    disabledAt: at(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("team_member_email_uq").on(t.email),
    check("team_member_role_ck", sql`${t.role} IN ('owner','admin','communicator','responder','viewer')`),
    check("team_member_email_lower_ck", sql`${t.email} = lower(${t.email})`),
  ],
);

/** A console session: token `<id>.<secret>`, only SHA-256(secret) stored. */
export const session = sqliteTable(
  "session",
  {
    id: id(),
    memberId: text()
      .notNull()
      .references(() => teamMember.id, { onDelete: "cascade" }),
    secretHash: blob({ mode: "buffer" }).notNull(),
    createdAt: createdAt(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    absoluteExpiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer({ mode: "timestamp_ms" }).notNull(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index("session_member_idx").on(t.memberId)],
);

export const SCOPES = ["read", "write", "publish", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

export const apiToken = sqliteTable(
  "api_token",
  {
    id: id(),
    name: text().notNull(),
    scopes: text({ mode: "json" }).$type<Scope[]>().notNull(),
    secretHash: blob({ mode: "buffer" }).notNull(),
    createdBy: text().references(() => teamMember.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: at(),
    lastUsedAt: at(),
    revokedAt: at(),
  },
  (t) => [index("api_token_created_by_idx").on(t.createdBy)],
);

export const invitation = sqliteTable(
  "invitation",
  {
    id: id(),
    email: text().notNull(),
    name: text(),
    role: text({ enum: ROLES }).notNull(),
    secretHash: blob({ mode: "buffer" }).notNull(),
    invitedBy: text().references(() => teamMember.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    acceptedAt: at(),
    revokedAt: at(),
  },
  (t) => [index("invitation_email_idx").on(t.email)],
);

/** Failed-login counters per account and per IP: exponential delay, never a permanent lock. */
export const loginThrottle = sqliteTable("login_throttle", {
  key: text().primaryKey().notNull(),
  failures: integer().notNull().default(0),
  lastFailureAt: integer({ mode: "timestamp_ms" }).notNull(),
  blockedUntil: integer({ mode: "timestamp_ms" }).notNull(),
});

/** Append-only: who did what to which resource, written in the same transaction as the change. */
export const auditEvent = sqliteTable(
  "audit_event",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    at: createdAt(),
    actorType: text({ enum: ["member", "token", "system", "subscriber", "anonymous"] }).notNull(),
    actorId: text(),
    actorLabel: text(),
    action: text().notNull(),
    resourceType: text().notNull(),
    resourceId: text(),
    before: text({ mode: "json" }).$type<Record<string, unknown>>(),
    after: text({ mode: "json" }).$type<Record<string, unknown>>(),
    requestId: text(),
    ip: text(),
  },
  (t) => [
    index("audit_event_at_idx").on(t.at),
    index("audit_event_resource_idx").on(t.resourceType, t.resourceId),
    index("audit_event_action_idx").on(t.action),
  ],
);
