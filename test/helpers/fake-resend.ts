import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  body: unknown;
  status: number;
}

export interface AcceptedEmail {
  id: string;
  idempotencyKey: string | undefined;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  headers?: Record<string, string>;
  tags?: { name: string; value: string }[];
  /** Only the single-send endpoint takes them; the batch endpoint drops them, as Resend's does. */
  attachments?: { filename?: string; content?: string; content_type?: string }[];
}

export interface FakeResendOptions {
  /** Requests allowed per second before answering 429 (Resend's default is 2). */
  ratePerSecond?: number;
  /** Keep each accepted email's and request's body (tests read them; a 100,000-email benchmark only counts). */
  keepBodies?: boolean;
  /** How long the fake works on each accepted request before answering (a key is "in flight" meanwhile). */
  processingMs?: number;
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/** Resend's two idempotency conflicts (409), in its error shape. */
const CONFLICT = {
  invalid: { statusCode: 409, name: "invalid_idempotent_request", message: "Same idempotency key used with a different request payload." },
  concurrent: {
    statusCode: 409,
    name: "concurrent_idempotent_requests",
    message: "Same idempotency key used while original request is still in progress.",
  },
};

/**
 * A local stand-in for the Resend API: POST /emails and /emails/batch, a per-second rate
 * limit answered with 429 and ratelimit-* headers, switchable outages (5xx) and hangs, and
 * Resend's idempotency: same key + same payload → the first answer again, nothing accepted twice;
 * same key + another payload → 409 invalid_idempotent_request; while in flight → 409 concurrent_idempotent_requests.
 */
export class FakeResend {
  readonly requests: RecordedRequest[] = [];
  readonly accepted: AcceptedEmail[] = [];
  ratePerSecond: number;
  readonly keepBodies: boolean;
  /** Called after each request is answered (the benchmark counts from another thread). */
  onRecord?: (status: number) => void;
  /** Status to answer every request with (e.g. 503), or null for normal service. */
  failWith: number | null = null;
  /** Answer the next N requests with this status, then recover. */
  private failNextQueue: number[] = [];
  hang = false;
  /** Accept the mail, then never answer: the sender cannot know it was accepted (an ambiguous send). */
  loseAnswers = false;
  processingMs: number;
  /** Seconds to ask for in retry-after on a 429, instead of the time until the window frees up. */
  retryAfterSeconds: number | null = null;
  private server: Server;
  private recent: number[] = [];
  /** Idempotency key → a digest of the payload it was first used with and, once done, the answer. */
  private byKey = new Map<string, { payload: string; answer?: Answer }>();
  private seq = 0;
  url = "";

  constructor(options: FakeResendOptions = {}) {
    this.ratePerSecond = options.ratePerSecond ?? 1000;
    this.keepBodies = options.keepBodies ?? true;
    this.processingMs = options.processingMs ?? 0;
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        (r) => {
          if (!r) return; // hanging: never answer
          res.writeHead(r.status, { "content-type": "application/json", ...r.headers });
          res.end(JSON.stringify(r.body));
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Emails accepted, each counted once however often its batch was retried. */
  acceptedTo(address: string): AcceptedEmail[] {
    return this.accepted.filter((e) => e.to.includes(address));
  }

  failNext(count: number, status = 500): void {
    for (let i = 0; i < count; i++) this.failNextQueue.push(status);
  }

  /** Forgets the requests in the rate window, as if a second had passed without any (tests need no sleep). */
  resetWindow(): void {
    this.recent = [];
  }

  private async readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }

  private async handle(req: IncomingMessage): Promise<Answer | undefined> {
    // The rate limit counts requests as they arrive, before their bodies are read.
    const arrived = Date.now();
    const payload = await this.readBody(req);
    const body: unknown = payload ? JSON.parse(payload) : undefined;
    const key = req.headers["idempotency-key"] as string | undefined;
    const record = (status: number) => {
      this.requests.push({
        method: req.method ?? "",
        path: req.url ?? "",
        idempotencyKey: key,
        authorization: req.headers.authorization,
        body: this.keepBodies ? body : undefined,
        status,
      });
      this.onRecord?.(status);
    };
    if (this.hang) return undefined;
    const forced = this.failNextQueue.shift() ?? this.failWith;
    if (forced) {
      record(forced);
      return { status: forced, body: { statusCode: forced, name: "application_error", message: "fake outage" } };
    }
    // A sliding one-second window, like a provider that counts the last second of requests.
    const now = arrived;
    while (this.recent.length && (this.recent[0] as number) <= now - 1000) this.recent.shift();
    const reset = Math.max(1, Math.ceil(((this.recent[0] ?? now) + 1000 - now) / 1000));
    const limitHeaders = {
      "ratelimit-limit": String(this.ratePerSecond),
      "ratelimit-remaining": String(Math.max(0, this.ratePerSecond - this.recent.length - 1)),
      "ratelimit-reset": String(reset),
    };
    if (this.recent.length >= this.ratePerSecond) {
      record(429);
      return {
        status: 429,
        body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
        headers: { ...limitHeaders, "ratelimit-remaining": "0", "retry-after": String(this.retryAfterSeconds ?? reset) },
      };
    }
    this.recent.push(now);
    // Bodies finish in any order; the window stays in arrival order.
    this.recent.sort((a, b) => a - b);
    // A digest, not the payload: a 100,000-email benchmark would otherwise keep every body.
    const digest = createHash("sha256").update(payload).digest("hex");
    const seen = key ? this.byKey.get(key) : undefined;
    if (seen) {
      const conflict = seen.payload !== digest ? CONFLICT.invalid : seen.answer ? null : CONFLICT.concurrent;
      const answer = conflict ? { status: 409, body: conflict } : (seen.answer as Answer);
      record(answer.status);
      return { ...answer, headers: limitHeaders };
    }
    if (key) this.byKey.set(key, { payload: digest });
    if (this.processingMs) await new Promise((r) => setTimeout(r, this.processingMs));
    const answer = this.accept(req.url ?? "", body, key);
    record(answer.status);
    // Only an accepted request holds its key; a refused one may be sent again as it was.
    if (key && answer.status === 200) this.byKey.set(key, { payload: digest, answer });
    else if (key) this.byKey.delete(key);
    return this.loseAnswers ? undefined : { ...answer, headers: limitHeaders };
  }

  private accept(path: string, body: unknown, key: string | undefined): { status: number; body: unknown } {
    const one = (e: Omit<AcceptedEmail, "id" | "idempotencyKey">) => {
      const id = `fake-${++this.seq}`;
      const kept = this.keepBodies ? e : { from: e.from, to: e.to, subject: e.subject };
      this.accepted.push({ ...kept, id, idempotencyKey: key });
      return { id };
    };
    if (path === "/emails/batch" && Array.isArray(body)) {
      if (body.length > 100) return { status: 422, body: { statusCode: 422, name: "validation_error", message: "at most 100 emails" } };
      return { status: 200, body: { data: body.map((e) => one({ ...(e as AcceptedEmail), attachments: undefined })) } };
    }
    if (path === "/emails" && body && typeof body === "object") return { status: 200, body: one(body as AcceptedEmail) };
    return { status: 404, body: { statusCode: 404, name: "not_found", message: "unknown endpoint" } };
  }
}
