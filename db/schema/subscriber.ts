import { sql } from "drizzle-orm";
import { blob, check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { audience } from "./audience.ts";
import { at, createdAt, id } from "./columns.ts";

export const CHANNELS = ["email", "webhook", "slack"] as const;
export type Channel = (typeof CHANNELS)[number];

/** State lives in timestamps: pending until confirmedAt; unsubscribedAt / suppressedAt end it. */
export const subscriber = sqliteTable(
  "subscriber",
  {
    id: id(),
    channel: text({ enum: CHANNELS }).notNull().default("email"),
    /** Lower-cased email address, or the webhook/Slack URL. */
    target: text().notNull(),
    language: text().notNull().default("en"),
    maintenance: integer({ mode: "boolean" }).notNull().default(true),
    allComponents: integer({ mode: "boolean" }).notNull().default(true),
    confirmedAt: at(),
    unsubscribedAt: at(),
    suppressedAt: at(),
    suppressedReason: text(),
    consent: text(),
    unsubscribeTokenHash: blob({ mode: "buffer" }).notNull(),
    webhookSecret: text(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("subscriber_channel_target_uq").on(t.channel, t.target),
    uniqueIndex("subscriber_unsubscribe_uq").on(t.unsubscribeTokenHash),
  ],
);

/** What a subscriber follows when not all components: components, groups or single incidents. */
export const subscription = sqliteTable(
  "subscription",
  {
    subscriberId: text()
      .notNull()
      .references(() => subscriber.id, { onDelete: "cascade" }),
    targetType: text({ enum: ["component", "group", "incident"] }).notNull(),
    targetId: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.subscriberId, t.targetType, t.targetId] }),
    index("subscription_target_idx").on(t.targetType, t.targetId),
  ],
);

/** Explicit audience membership (domain rules live on the audience). */
export const audienceMember = sqliteTable(
  "audience_member",
  {
    audienceId: text()
      .notNull()
      .references(() => audience.id, { onDelete: "cascade" }),
    subscriberId: text()
      .notNull()
      .references(() => subscriber.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.audienceId, t.subscriberId] })],
);

/** One-time tokens sent to a subscriber: confirmation, manage code. */
export const subscriberToken = sqliteTable(
  "subscriber_token",
  {
    id: id(),
    subscriberId: text()
      .notNull()
      .references(() => subscriber.id, { onDelete: "cascade" }),
    purpose: text({ enum: ["confirm", "manage", "manage_code"] }).notNull(),
    secretHash: blob({ mode: "buffer" }).notNull(),
    createdAt: createdAt(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    usedAt: at(),
  },
  (t) => [index("subscriber_token_subscriber_idx").on(t.subscriberId, t.purpose)],
);

/** One thing to tell, written in the same transaction as what it announces (the outbox). */
export const notification = sqliteTable(
  "notification",
  {
    id: id(),
    kind: text().notNull(),
    priority: text({ enum: ["transactional", "bulk"] })
      .notNull()
      .default("bulk"),
    incidentId: text(),
    updateId: text(),
    /** For transactional mail: the rendered message and its one recipient. */
    payload: text({ mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    expandedAt: at(),
    leaseOwner: text(),
    leaseExpiresAt: at(),
  },
  (t) => [index("notification_pending_idx").on(t.expandedAt, t.createdAt)],
);

export const DELIVERY_STATES = ["pending", "sending", "sent", "failed", "dead", "skipped", "bounced", "complained"] as const;

/** One notification to one subscriber through one channel. */
export const delivery = sqliteTable(
  "delivery",
  {
    id: id(),
    notificationId: text()
      .notNull()
      .references(() => notification.id, { onDelete: "cascade" }),
    subscriberId: text()
      .notNull()
      .references(() => subscriber.id, { onDelete: "cascade" }),
    channel: text({ enum: CHANNELS }).notNull(),
    state: text({ enum: DELIVERY_STATES }).notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer({ mode: "timestamp_ms" }).notNull(),
    leaseOwner: text(),
    leaseExpiresAt: at(),
    batchKey: text(),
    providerId: text(),
    lastError: text(),
    sentAt: at(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("delivery_notification_subscriber_channel_uq").on(t.notificationId, t.subscriberId, t.channel),
    index("delivery_claim_idx").on(t.state, t.nextAttemptAt),
    index("delivery_subscriber_idx").on(t.subscriberId),
    check("delivery_state_ck", sql`${t.state} IN ('pending','sending','sent','failed','dead','skipped','bounced','complained')`),
  ],
);

/** Provider webhooks already processed (svix-id), so a replay changes nothing. */
export const webhookReceipt = sqliteTable("webhook_receipt", {
  id: text().primaryKey().notNull(),
  type: text().notNull(),
  receivedAt: createdAt(),
});
