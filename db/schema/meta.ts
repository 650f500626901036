import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { at, createdAt, id } from "./columns.ts";

/** Small key/value facts shared by every instance: the content version, job leases. */
export const appState = sqliteTable("app_state", {
  key: text().primaryKey().notNull(),
  value: text().notNull(),
  updatedAt: createdAt(),
});

/** A named lease so that a scheduled job runs on one instance at a time. */
export const jobLease = sqliteTable("job_lease", {
  name: text().primaryKey().notNull(),
  owner: text().notNull(),
  expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
  lastRunAt: at(),
  lastResult: text(),
});

/** Mail the embedded default keeps instead of sending: the console's Mailbox reads it. */
export const capturedEmail = sqliteTable(
  "captured_email",
  {
    id: id(),
    to: text().notNull(),
    from: text().notNull(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    headers: text({ mode: "json" }).$type<Record<string, string>>().notNull(),
    tags: text({ mode: "json" }).$type<Record<string, string>>().notNull(),
    idempotencyKey: text(),
    /** Files attached (name, type, base64 content), or null. */
    attachments: text({ mode: "json" }).$type<{ filename: string; content: string; contentType: string }[]>(),
    createdAt: createdAt(),
  },
  (t) => [index("captured_email_created_idx").on(t.createdAt), index("captured_email_to_idx").on(t.to)],
);

/** Fixed-window counters for rate limits that must hold across instances. */
export const rateLimit = sqliteTable(
  "rate_limit",
  {
    key: text().primaryKey().notNull(),
    count: integer().notNull(),
    windowStartedAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [check("rate_limit_count_ck", sql`${t.count} >= 0`)],
);
