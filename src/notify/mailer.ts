import { Resend } from "resend";
import type { Db } from "../../db/client.ts";
import { capturedEmail, type EmailAttachment } from "../../db/schema/index.ts";
import type { Clock } from "../lib/clock.ts";
import { newId } from "../lib/ids.ts";

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  from?: string;
  headers?: Record<string, string>;
  /** Provider tags, e.g. { delivery: "<id>" }: names and values of [A-Za-z0-9_-]. */
  tags?: Record<string, string>;
  /** Files attached; only `send` takes them (Resend's batch endpoint does not). */
  attachments?: EmailAttachment[];
}

/** A send's outcome is a value: the caller decides whether and when to retry. */
export type SendOutcome =
  | { ok: true; ids: string[]; rateLimit?: RateLimitHint }
  | {
      ok: false;
      retryable: boolean;
      status: number | null;
      message: string;
      /** The provider's error name, e.g. "invalid_idempotent_request". */
      code?: string;
      retryAfterMs?: number;
      rateLimit?: RateLimitHint;
    };

export interface RateLimitHint {
  limit?: number;
  remaining?: number;
  resetMs?: number;
}

export interface Mailer {
  readonly kind: "captured" | "resend";
  /** Sends up to 100 emails as one request; the same key for a retry of the same batch. */
  sendBatch(emails: OutgoingEmail[], idempotencyKey: string): Promise<SendOutcome>;
  /** Sends one email, attachments included, as its own request; the same key for a retry of it. */
  send(email: OutgoingEmail, idempotencyKey: string): Promise<SendOutcome>;
}

/** The embedded default: every message, with its headers, is stored for the console's Mailbox. */
export function capturedMailer(db: Db, clock: Clock, defaultFrom: string): Mailer {
  const mailer: Mailer = {
    kind: "captured",
    send: (email, idempotencyKey) => mailer.sendBatch([email], idempotencyKey),
    async sendBatch(emails, idempotencyKey) {
      const rows = emails.map((e) => ({
        id: newId(),
        to: e.to,
        from: e.from ?? defaultFrom,
        subject: e.subject,
        html: e.html,
        text: e.text,
        headers: e.headers ?? {},
        tags: e.tags ?? {},
        idempotencyKey,
        attachments: e.attachments?.length ? e.attachments : null,
        createdAt: clock.now(),
      }));
      if (rows.length) await db.insert(capturedEmail).values(rows);
      return { ok: true, ids: rows.map((r) => r.id) };
    },
  };
  return mailer;
}

function parseRateLimit(headers: Record<string, string> | null): RateLimitHint | undefined {
  if (!headers) return undefined;
  const num = (k: string) => (headers[k] !== undefined && !Number.isNaN(Number(headers[k])) ? Number(headers[k]) : undefined);
  const reset = num("ratelimit-reset");
  return { limit: num("ratelimit-limit"), remaining: num("ratelimit-remaining"), resetMs: reset === undefined ? undefined : reset * 1000 };
}

/** Resend through its SDK, which answers `{ data, error, headers }` and never throws on HTTP errors. */
export function resendMailer(apiKey: string, defaultFrom: string, baseUrl?: string): Mailer {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  const payloadOf = (e: OutgoingEmail) => ({
    from: e.from ?? defaultFrom,
    to: [e.to],
    subject: e.subject,
    html: e.html,
    text: e.text,
    headers: e.headers,
    tags: Object.entries(e.tags ?? {}).map(([name, value]) => ({ name, value })),
  });
  return {
    kind: "resend",
    async sendBatch(emails, idempotencyKey) {
      const { data, error, headers } = await resend.batch.send(emails.map(payloadOf), { idempotencyKey });
      if (!error) return { ok: true, ids: (data?.data ?? []).map((d) => d.id), rateLimit: parseRateLimit(headers) };
      return failure(error, headers);
    },
    async send(email, idempotencyKey) {
      const attachments = email.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType }));
      const { data, error, headers } = await resend.emails.send({ ...payloadOf(email), attachments }, { idempotencyKey });
      if (!error) return { ok: true, ids: data ? [data.id] : [], rateLimit: parseRateLimit(headers) };
      return failure(error, headers);
    },
  };
}

function failure(error: { name: string; message: string }, headers: Record<string, string> | null): SendOutcome {
  const status = "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : null;
  const retryAfter = headers?.["retry-after"] ? Number(headers["retry-after"]) * 1000 : undefined;
  // A request still in flight under the same key will answer: asking again later is safe.
  const retryable = status === null || status === 429 || status >= 500 || error.name === "concurrent_idempotent_requests";
  return {
    ok: false,
    retryable,
    status,
    message: error.message,
    code: error.name,
    retryAfterMs: retryAfter,
    rateLimit: parseRateLimit(headers),
  };
}
