import { sql } from "drizzle-orm";
import { blob, check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { audience } from "./audience.ts";
import { at, createdAt, id } from "./columns.ts";

export const CHANNELS = ["email", "webhook", "slack", "teams", "discord", "google_chat"] as const;
/** Chat services reached through an incoming-webhook URL the subscriber pastes. */
export const CHAT_CHANNELS = ["slack", "teams", "discord", "google_chat"] as const;
export type ChatChannel = (typeof CHAT_CHANNELS)[number];
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
    /** Opted in to component status changes that have no incident (coalesced, see notify/component-change.ts). */
    componentUpdates: integer({ mode: "boolean" }).notNull().default(false),
    allComponents: integer({ mode: "boolean" }).notNull().default(true),
    confirmedAt: at(),
    unsubscribedAt: at(),
    suppressedAt: at(),
    suppressedReason: text(),
    consent: text(),
    unsubscribeTokenHash: blob({ mode: "buffer" }).notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("subscriber_channel_target_uq").on(t.channel, t.target),
    index("subscriber_active_idx").on(t.confirmedAt, t.unsubscribedAt, t.suppressedAt),
    index("subscriber_all_components_idx").on(t.allComponents, t.id),
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
    // Followers of one target in subscriber order: a fan-out walks it without sorting.
    index("subscription_target_idx").on(t.targetType, t.targetId, t.subscriberId),
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
  // By subscriber too: a batch looks up its recipients' audiences, and deleting a subscriber cascades here.
  (t) => [primaryKey({ columns: [t.audienceId, t.subscriberId] }), index("audience_member_subscriber_idx").on(t.subscriberId)],
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
    /** Publication order (MAX + 1 under the write lock): per-incident ordering compares it. */
    seq: integer().notNull().default(0),
    kind: text().notNull(),
    priority: text({ enum: ["transactional", "bulk"] })
      .notNull()
      .default("bulk"),
    incidentId: text(),
    updateId: text(),
    /** For transactional mail: the rendered message and its one recipient. */
    payload: text({ mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    /** Bulk: recipients expanded. Transactional: sent. */
    expandedAt: at(),
    leaseOwner: text(),
    leaseExpiresAt: at(),
    attempts: integer().notNull().default(0),
    firstAttemptAt: at(),
    deadAt: at(),
    lastError: text(),
  },
  (t) => [index("notification_pending_idx").on(t.expandedAt, t.createdAt), index("notification_seq_idx").on(t.seq)],
);

export const DELIVERY_STATES = ["pending", "sending", "sent", "delivered", "failed", "dead", "skipped", "bounced", "complained"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * A rendered message, frozen when its batch is formed so a retry is the same request. Email
 * content is shared by every recipient with the same words (stored once per batch, in
 * `delivery_batch.contents`); only `{{manage}}`, `{{unsubscribe}}` and `{{feedback}}` differ, and those are
 * derived from the subscriber id when sending — the same every time.
 */
export interface FrozenMessage {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Webhook and Slack channels: the JSON body to POST. */
  json?: unknown;
  /** The update whose signed, per-recipient feedback link fills `{{feedback}}`. */
  feedbackFor?: string;
  /** Email: the sender, with the page's name (absent in batches frozen before it existed: MAIL_FROM). */
  from?: string;
  /** Email: files attached (a maintenance notice's .ics); such an email is sent on its own, not in a batch. */
  attachments?: EmailAttachment[];
}

/** A file attached to an email, as Resend's single-send endpoint takes it. */
export interface EmailAttachment {
  filename: string;
  /** Base64. */
  content: string;
  contentType: string;
}

/** What a delivery row keeps: the key of its batch's shared email content, or a webhook's own body. */
export interface DeliveryMessage {
  content?: string;
  json?: unknown;
}

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
    /** Copied from the notification so per-incident ordering needs no join. */
    incidentId: text(),
    seq: integer().notNull().default(0),
    state: text({ enum: DELIVERY_STATES }).notNull().default("pending"),
    nextAttemptAt: integer({ mode: "timestamp_ms" }).notNull(),
    /**
     * Sent as its own request, not in a batch of 100: an email that carries an attachment (a
     * maintenance notice's .ics), which Resend's batch endpoint does not take. Claimed only when no
     * other email is due (src/notify/calendar-mail.ts).
     */
    alone: integer({ mode: "boolean" }).notNull().default(false),
    batchId: text(),
    message: text({ mode: "json" }).$type<DeliveryMessage>(),
    providerId: text(),
    /** Why it was skipped or failed, or the provider's last event. */
    lastError: text(),
    sentAt: at(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("delivery_notification_subscriber_channel_uq").on(t.notificationId, t.subscriberId, t.channel),
    index("delivery_claim_idx").on(t.state, t.channel, t.alone, t.nextAttemptAt),
    index("delivery_subscriber_idx").on(t.subscriberId, t.incidentId),
    index("delivery_batch_idx").on(t.batchId),
    index("delivery_provider_idx").on(t.providerId),
    check(
      "delivery_state_ck",
      sql`${t.state} IN ('pending','sending','sent','delivered','failed','dead','skipped','bounced','complained')`,
    ),
  ],
);

/** forming: members claimed, messages not yet frozen; sending: frozen, being sent or retried. */
export const BATCH_STATES = ["forming", "sending", "sent", "dead"] as const;

/**
 * One provider request: up to 100 emails (or one webhook). Membership and content are frozen
 * when it is formed; `key` is the Idempotency-Key, so every retry is the same request.
 */
export const deliveryBatch = sqliteTable(
  "delivery_batch",
  {
    id: id(),
    channel: text({ enum: CHANNELS }).notNull(),
    key: text(),
    state: text({ enum: BATCH_STATES }).notNull().default("forming"),
    size: integer().notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer({ mode: "timestamp_ms" }).notNull(),
    firstAttemptAt: at(),
    leaseOwner: text(),
    leaseExpiresAt: at(),
    lastStatus: integer(),
    lastError: text(),
    /** Set when a request that may have been accepted left: from then on members, payload and key never change. */
    sealedAt: at(),
    /** Content key → the email every member with that key gets (links as placeholders). */
    contents: text({ mode: "json" }).$type<Record<string, FrozenMessage>>(),
    createdAt: createdAt(),
    sentAt: at(),
  },
  (t) => [
    index("delivery_batch_claim_idx").on(t.state, t.nextAttemptAt),
    uniqueIndex("delivery_batch_key_uq").on(t.key),
    check("delivery_batch_state_ck", sql`${t.state} IN ('forming','sending','sent','dead')`),
  ],
);

/** Provider webhooks already processed (svix-id), so a replay changes nothing. */
export const webhookReceipt = sqliteTable("webhook_receipt", {
  id: text().primaryKey().notNull(),
  type: text().notNull(),
  receivedAt: createdAt(),
});

/** A CSV import run as a job: committed in chunks, each with its cursor, so it resumes exactly where it stopped. */
export const importJob = sqliteTable(
  "import_job",
  {
    id: id(),
    /** running (or stopped mid-way, to be resumed) until done. */
    state: text({ enum: ["running", "done"] })
      .notNull()
      .default("running"),
    csv: text().notNull(),
    consent: text({ mode: "json" }).$type<boolean | string>().notNull(),
    /** Who asked, so each row's audit entry names them even when another process resumes the job. */
    actor: text({ mode: "json" }).$type<Record<string, unknown>>().notNull(),
    total: integer().notNull(),
    /** Data rows already committed (added or reported). */
    cursor: integer().notNull().default(0),
    added: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    errors: text({ mode: "json" }).$type<{ line: number; email: string; message: string }[]>().notNull(),
    leaseOwner: text(),
    leaseExpiresAt: at(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    finishedAt: at(),
  },
  (t) => [index("import_job_state_idx").on(t.state), check("import_job_state_ck", sql`${t.state} IN ('running','done')`)],
);
