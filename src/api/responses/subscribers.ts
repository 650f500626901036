import { z } from "zod";
import { SUBSCRIBER_STATES } from "../../services/subscribers/schemas.ts";
import { Instant } from "./common.ts";

/** Subscribers, imports, dead letters and the captured mailbox as the admin API answers them. */
export const Subscriber = z
  .object({
    id: z.string(),
    channel: z.string(),
    email: z.string().nullable(),
    url: z.string().nullable(),
    state: z.enum(SUBSCRIBER_STATES),
    language: z.string().describe("a language code, e.g. en"),
    maintenance: z.boolean(),
    allComponents: z.boolean(),
    components: z.array(z.string()),
    groups: z.array(z.string()),
    audiences: z.array(z.string()),
    consent: z.string().nullable(),
    suppressedReason: z.string().nullable(),
    createdAt: Instant,
    confirmedAt: Instant.nullable(),
    signingSecret: z.string().optional().describe("a webhook's signing secret, shown only when it is created"),
  })
  .meta({ id: "Subscriber" });

export const SubscriberPage = z.object({
  subscribers: z.array(Subscriber),
  next: z.string().nullable().describe("pass as `after` for the next page; null on the last page"),
});

export const SubscriberWithDeliveries = Subscriber.extend({
  deliveries: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      incidentId: z.string().nullable(),
      state: z.string(),
      detail: z.string().nullable(),
      createdAt: Instant,
      sentAt: Instant.nullable(),
    }),
  ),
});

export const ImportReport = z
  .object({
    id: z.string(),
    state: z.enum(["running", "done"]),
    total: z.number().int(),
    processed: z.number().int(),
    added: z.number().int(),
    failed: z.number().int(),
    rows: z.array(z.object({ line: z.number().int(), email: z.string(), message: z.string(), status: z.literal("error") })),
  })
  .meta({ id: "ImportReport" });

export const SubscribersCsv = z.string().describe("one subscriber per line, with a header row");

export const DeadLetterList = z.object({
  deadLetters: z.array(
    z.object({
      type: z.enum(["batch", "email"]),
      id: z.string(),
      channel: z.string(),
      recipients: z.number().int(),
      maybeSent: z.boolean(),
      kind: z.string().nullable(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      firstAttemptAt: Instant.nullable(),
      diedAt: Instant.nullable(),
    }),
  ),
});
export const Retried = z.object({ retried: z.number().int() });

export const MailboxMessage = z
  .object({
    id: z.string(),
    to: z.string(),
    from: z.string(),
    subject: z.string(),
    headers: z.record(z.string(), z.string()),
    html: z.string(),
    text: z.string(),
    time: Instant,
    attachments: z
      .array(z.object({ filename: z.string(), contentType: z.string(), text: z.string().describe("the file's content, decoded") }))
      .describe("files attached, e.g. a maintenance announcement's .ics"),
  })
  .meta({ id: "MailboxMessage" });
export const Mailbox = z.object({ messages: z.array(MailboxMessage) });
