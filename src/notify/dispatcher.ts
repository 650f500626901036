import { and, asc, eq } from "drizzle-orm";
import { CHANNELS, type Channel, deliveryBatch, notification } from "../../db/schema/index.ts";
import { serverSecret } from "../auth/server-secret.ts";
import type { Deps } from "../deps.ts";
import { newId } from "../lib/ids.ts";
import { errorFields } from "../lib/logger.ts";
import { ALONE_BATCH_SIZE } from "./calendar-mail.ts";
import { bulkExpansionDue, lookForWork } from "./due.ts";
import { expandNotification } from "./expand.ts";
import { freezeBatch } from "./freeze.ts";
import { RateBucket } from "./rate-bucket.ts";
import { scopeCache } from "./recipient.ts";
import { reserveBatch } from "./reserve.ts";
import { leaseBatch, sendBatch } from "./send.ts";
import { sendNextTransactional } from "./transactional.ts";

export interface Dispatcher {
  /** Runs until nothing is due; resolves to how many messages it handed to the provider. */
  tick(): Promise<number>;
  /** Runs `lanes` concurrent loops (each claims its own leased work). */
  start(intervalMs?: number, lanes?: number): void;
  /** Stops the loop and gives back any lease this process holds. */
  stop(): Promise<void>;
}

export interface DispatcherOptions {
  leaseMs?: number;
  /** Shared by every dispatcher in the process: the provider's limit is per account. */
  bucket?: RateBucket;
  /** How long a provider may take to answer before the attempt counts as a network failure. */
  sendTimeoutMs?: number;
}

/** A per-process memo keyed by the database handle, so every dispatcher of one Deps shares one bucket (and tests do not). */
const buckets = new WeakMap<object, RateBucket>();
function sharedBucket(db: object): RateBucket {
  const bucket = buckets.get(db) ?? new RateBucket(2);
  buckets.set(db, bucket);
  return bucket;
}
/** Email: one provider request of up to 100. Chat and webhooks: up to 50 posts, each to its own URL, 20 at a time (at most three 10 s timeouts in a row: well inside the lease). */
const BATCH_SIZE: Record<Channel, number> = { email: 100, webhook: 50, slack: 50, teams: 50, discord: 50, google_chat: 50 };

/**
 * Drains the outbox: transactional mail first, then expired or due batches (retries, crashed
 * processes' work), then expansion of new notifications, then new batches. Every claim is a
 * lease in a write transaction, so several processes can run a dispatcher without double-sending.
 */
export function createDispatcher(deps: Deps, options: DispatcherOptions = {}): Dispatcher {
  const owner = `dispatcher-${newId()}`;
  const leaseMs = options.leaseMs ?? deps.env.DISPATCHER_LEASE_SECONDS * 1000;
  const bucket = options.bucket ?? sharedBucket(deps.db);
  let timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  /** Aborted by stop(): a lane waiting out a retry-after gives up its turn at once. */
  let stopping = new AbortController();
  let expandFirst = false;
  /** Which channel's pending deliveries this dispatcher claims first on its next step. */
  let turn = 0;
  /** A lane of this dispatcher is claiming or sending chat and webhook posts. */
  let posting = false;
  /** Messages handed to the provider by this dispatcher (what tick() reports). */
  let handled = 0;
  /** Renders share their projections from batch to batch while the content version stays the same. */
  const scopeFor = scopeCache(deps);

  async function step(): Promise<boolean> {
    // One look for every kind of work (one round trip on a libSQL server, where looking kind by
    // kind took nine when idle); each kind then claims under its own conditions as before.
    const due = await lookForWork(deps);
    if (due.transactional) {
      const transactional = await sendNextTransactional(deps, owner, bucket, leaseMs, options.sendTimeoutMs, stopping.signal);
      if (transactional === "sent") handled++;
      if (transactional !== "none") return true;
    }
    const secret = await serverSecret(deps.db, deps.clock);
    // A batch left forming by a crashed process, or one due for (re)sending, comes first.
    const leased = due.batch ? await leaseBatch(deps, owner, leaseMs, ["forming", "sending"]) : null;
    if (leased?.state === "forming") await formAndSend(leased.id, secret);
    else if (leased) handled += await sendBatch(deps, bucket, secret, leased, options.sendTimeoutMs, stopping.signal);
    if (leased) return true;
    // Expansion and sending take turns, so a stream of new notifications never starves a
    // fan-out in progress, and a big fan-out never delays the expansion of the next one.
    expandFirst = !expandFirst;
    if (expandFirst && due.expansion && (await expandNext())) return true;
    // Channels take turns going first: chat posts never wait for a long email fan-out to be claimed
    // (they do not share the provider's turns), and email never waits for thousands of chat posts.
    // One lane at a time posts to chat and webhook receivers: the others keep the email provider's
    // turns busy, and the posts (rendered and sent on this same thread) never crowd email out.
    const first = turn++ % CHANNELS.length;
    for (const channel of [...CHANNELS.slice(first), ...CHANNELS.slice(0, first)]) {
      if (!due.channels.has(channel) || (channel !== "email" && posting)) continue;
      if (channel !== "email") posting = true;
      try {
        const batchId = await reserveBatch(deps, owner, channel, BATCH_SIZE[channel], leaseMs, true);
        if (batchId === null) continue;
        if (batchId) await formAndSend(batchId, secret);
        return true;
      } finally {
        if (channel !== "email") posting = false;
      }
    }
    if (!expandFirst && due.expansion && (await expandNext())) return true;
    // Emails sent one request each (a maintenance notice with its .ics) go only when nothing else is
    // claimable or to expand, so announcing a window to thousands never delays an incident's emails.
    if (due.alone) {
      const batchId = await reserveBatch(deps, owner, "email", ALONE_BATCH_SIZE, leaseMs, true, true);
      if (batchId) await formAndSend(batchId, secret);
      if (batchId !== null) return true;
    }
    return false;
  }

  /**
   * Freezes a forming batch this process holds (just claimed, or leased after a crash) and seals it
   * in the same write, then sends it while the lease lasts, with the batch and members the freeze
   * wrote (no reading them back, no separate seal: on a libSQL server each is a round trip, and the
   * seal one under the lock every instance shares). An unsubscribe after this moment reaches the
   * next update, not this one, as for any sealed batch.
   */
  async function formAndSend(batchId: string, secret: string): Promise<void> {
    const { batch, members } = await freezeBatch(deps, () => scopeFor(secret), batchId, { seal: true });
    if (batch?.state === "sending")
      handled += await sendBatch(deps, bucket, secret, batch, options.sendTimeoutMs, stopping.signal, { members, sealed: true });
  }

  async function expandNext(): Promise<boolean> {
    const now = deps.clock.now();
    const due = bulkExpansionDue(now);
    const [next] = await deps.db.select({ id: notification.id }).from(notification).where(due).orderBy(asc(notification.seq)).limit(1);
    if (!next) return false;
    const [job] = await deps.db
      .update(notification)
      .set({ leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) })
      .where(and(eq(notification.id, next.id), due))
      .returning();
    if (!job) return true; // another process took it
    const count = await expandNotification(deps, job);
    await deps.db
      .update(notification)
      .set({ expandedAt: deps.clock.now(), leaseOwner: null, leaseExpiresAt: null })
      .where(eq(notification.id, job.id));
    deps.logger.info("notification expanded", { notification: job.id, kind: job.kind, recipients: count });
    return true;
  }

  async function tick(): Promise<number> {
    const before = handled;
    while (!stopped && (await step())) {}
    return handled - before;
  }

  function lane(index: number, intervalMs: number): void {
    const run = async () => {
      if (stopped) return;
      const pass = tick().catch((err) => {
        deps.logger.error("dispatcher pass failed", errorFields(err));
        return 0;
      });
      running.add(pass);
      await pass;
      running.delete(pass);
      if (!stopped) timers[index] = setTimeout(run, intervalMs).unref();
    };
    void run();
  }

  return {
    tick,
    start(intervalMs = 1000, lanes = deps.env.DISPATCHER_LANES) {
      stopped = false;
      stopping = new AbortController();
      for (let i = 0; i < lanes; i++) lane(i, intervalMs);
    },
    async stop() {
      stopped = true;
      stopping.abort();
      for (const t of timers) clearTimeout(t);
      timers = [];
      await Promise.all(running);
      await deps.db.update(notification).set({ leaseOwner: null, leaseExpiresAt: null }).where(eq(notification.leaseOwner, owner));
      await deps.db.update(deliveryBatch).set({ leaseOwner: null, leaseExpiresAt: null }).where(eq(deliveryBatch.leaseOwner, owner));
    },
  };
}
