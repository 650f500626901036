import { z } from "zod";
import type { DeliveryState } from "../../../db/schema/index.ts";
import { LOCALES } from "../../i18n/locales.ts";
import { ID_PATTERN } from "../../lib/ids.ts";

/** A subscriber's email language: one of the shipped catalogues (src/i18n/locales.ts). */
export const LANGUAGES = LOCALES;

const email = z
  .email("enter a valid email address")
  .max(254)
  .transform((v) => v.trim().toLowerCase());
const ids = z.array(z.string().regex(ID_PATTERN, "not a valid id")).max(500).default([]);

/** The channels reached by POSTing to a URL: a signed webhook, or a chat service's incoming webhook. */
export const URL_CHANNELS = ["webhook", "slack", "teams", "discord", "google_chat"] as const;
export type UrlChannel = (typeof URL_CHANNELS)[number];

/** Each channel's name for people. */
export const CHANNEL_LABELS: Record<"email" | UrlChannel, string> = {
  email: "Email",
  webhook: "Webhook",
  slack: "Slack",
  teams: "Microsoft Teams",
  discord: "Discord",
  google_chat: "Google Chat",
};

/**
 * The public subscribe form. `website` is the honeypot: people leave it empty. `scope: "chosen"`
 * is "only what I choose": it must name something, or it would silently mean everything.
 */
export const SubscribeInput = z
  .object({
    email,
    scope: z.enum(["all", "chosen"]).optional(),
    components: ids,
    groups: ids,
    /** Open incidents to hear about (the incident page's "Subscribe to this incident"). */
    incidents: z.array(z.string().regex(ID_PATTERN, "not a valid id")).max(5).default([]),
    maintenance: z.boolean().default(true),
    /** Component status changes that have no incident (coalesced). */
    componentUpdates: z.boolean().default(false),
    language: z.enum(LANGUAGES).default("en"),
    website: z.string().max(500).optional(),
  })
  .refine((v) => v.scope !== "chosen" || v.components.length + v.groups.length + v.incidents.length > 0, {
    path: ["components"],
    message: "choose at least one component or group, or choose Everything",
  });
export type SubscribeInput = z.infer<typeof SubscribeInput>;

const scopeChosen = (v: { scope?: string; components: string[]; groups: string[]; incidents: string[] }) =>
  v.scope !== "chosen" || v.components.length + v.groups.length + v.incidents.length > 0;

/**
 * The public subscribe form for a chat channel (its incoming-webhook URL) or a generic webhook,
 * with the same choices as email.
 */
export const SubscribeUrlInput = z
  .object({
    channel: z.enum(URL_CHANNELS),
    url: z.url({ protocol: /^https?$/, error: "paste the whole address, starting with https://" }).max(2000),
    scope: z.enum(["all", "chosen"]).optional(),
    components: ids,
    groups: ids,
    incidents: z.array(z.string().regex(ID_PATTERN, "not a valid id")).max(5).default([]),
    maintenance: z.boolean().default(true),
    componentUpdates: z.boolean().default(false),
    /** A chat channel's messages are written in it (the page's language when subscribed); a webhook ignores it. */
    language: z.enum(LANGUAGES).optional(),
    website: z.string().max(500).optional(),
  })
  .refine(scopeChosen, { path: ["components"], message: "choose at least one component or group, or choose Everything" });
export type SubscribeUrlInput = z.infer<typeof SubscribeUrlInput>;

/** The code a webhook's owner read from the verification request and types back. */
export const VerifyWebhookInput = z.object({
  subscriber: z.string().regex(ID_PATTERN, "not a valid id"),
  code: z.string().trim().min(1, "enter the code from the verification request").max(40),
});
export type VerifyWebhookInput = z.infer<typeof VerifyWebhookInput>;

/** An admin adds someone. With consent asserted, no confirmation is needed. */
export const AdminCreateSubscriber = z.object({
  email,
  components: ids,
  groups: ids,
  audiences: z.array(z.string().min(1).max(64)).max(50).default([]),
  maintenance: z.boolean().default(true),
  language: z.enum(LANGUAGES).default("en"),
  consent: z.union([z.boolean(), z.string().min(3).max(500)]),
});
export type AdminCreateSubscriber = z.infer<typeof AdminCreateSubscriber>;

/** A channel's name for people; an unknown value is shown as it is. */
export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel as keyof typeof CHANNEL_LABELS] ?? channel;
}

/** A webhook or chat subscriber added by the team. */
export const AdminCreateWebhook = z.object({
  channel: z.enum(URL_CHANNELS),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  components: ids,
  groups: ids,
  maintenance: z.boolean().default(true),
});
export type AdminCreateWebhook = z.infer<typeof AdminCreateWebhook>;

export const ImportSubscribers = z.object({
  csv: z
    .string()
    .min(1, "Choose a CSV file, or paste at least a header row")
    .max(5_000_000, "Split the file: one import takes up to 5,000,000 characters"),
  consent: z.union([z.boolean(), z.string().min(3).max(500)]),
});
export type ImportSubscribers = z.infer<typeof ImportSubscribers>;

/** Someone who arrives without the link from an email asks for a one-time code by address. */
export const ManageCodeRequest = z.object({ email });
export type ManageCodeRequest = z.infer<typeof ManageCodeRequest>;

export const ManageChanges = z.object({
  components: ids,
  groups: ids,
  maintenance: z.boolean(),
  /** Left out: unchanged. */
  componentUpdates: z.boolean().optional(),
  /** Left out: unchanged (a webhook has none: its payload carries values, not words). */
  language: z.enum(LANGUAGES).optional(),
});
export type ManageChanges = z.infer<typeof ManageChanges>;

export const SUBSCRIBER_STATES = ["pending", "active", "unsubscribed", "suppressed"] as const;
export type SubscriberState = (typeof SUBSCRIBER_STATES)[number];

/** State lives in timestamps; this is the one reading of them. */
export function subscriberState(s: { confirmedAt: Date | null; unsubscribedAt: Date | null; suppressedAt: Date | null }): SubscriberState {
  if (s.suppressedAt) return "suppressed";
  if (s.unsubscribedAt) return "unsubscribed";
  return s.confirmedAt ? "active" : "pending";
}

/** The console's words for a subscriber's state. */
export const SUBSCRIBER_STATE_LABELS: Record<SubscriberState, string> = {
  pending: "Waiting for confirmation",
  active: "Active",
  unsubscribed: "Unsubscribed",
  suppressed: "Suppressed: nothing is sent to this address",
};

/** The console's words for a delivery's state; the delivery's detail says why. */
export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
  pending: "Waiting to send",
  sending: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  failed: "Not sent by the provider",
  dead: "Gave up after 24 hours of failures",
  skipped: "Skipped",
  bounced: "Bounced",
  complained: "Marked as spam",
};

export function deliveryStateLabel(state: string): string {
  return DELIVERY_STATE_LABELS[state as DeliveryState] ?? state;
}
