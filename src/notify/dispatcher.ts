import { and, asc, eq, isNull, lt, or } from "drizzle-orm";
import { notification } from "../../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { newId } from "../lib/ids.ts";
import { errorFields } from "../lib/logger.ts";
import type { OutgoingEmail } from "./mailer.ts";

export interface Dispatcher {
  /** Runs one pass; resolves to how many notifications it handled. */
  tick(): Promise<number>;
  start(intervalMs?: number): void;
  /** Stops the loop and gives back any lease this process holds. */
  stop(): Promise<void>;
}

const LEASE_MS = 60_000;

/**
 * Drains the outbox. Each claim takes a lease, so several processes can run a dispatcher;
 * a crashed process's lease expires and the work is claimed again. The idempotency key is
 * the notification id, so a retry after a crash is the same request to the provider.
 */
export function createDispatcher(deps: Deps): Dispatcher {
  const owner = `dispatcher-${newId()}`;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function claim(): Promise<typeof notification.$inferSelect | undefined> {
    const now = deps.clock.now();
    return deps.db.transaction(async (tx) => {
      const [next] = await tx
        .select()
        .from(notification)
        .where(
          and(
            eq(notification.priority, "transactional"),
            isNull(notification.expandedAt),
            or(isNull(notification.leaseExpiresAt), lt(notification.leaseExpiresAt, now)),
          ),
        )
        .orderBy(asc(notification.createdAt))
        .limit(1);
      if (!next) return undefined;
      await tx
        .update(notification)
        .set({ leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + LEASE_MS) })
        .where(eq(notification.id, next.id));
      return next;
    });
  }

  async function tick(): Promise<number> {
    let handled = 0;
    for (;;) {
      const job = await claim();
      if (!job) return handled;
      const email = (job.payload as { email?: OutgoingEmail } | null)?.email;
      const outcome = email ? await deps.mailer.sendBatch([email], `notification-${job.id}`) : { ok: true as const, ids: [] };
      if (outcome.ok) {
        await deps.db
          .update(notification)
          .set({ expandedAt: deps.clock.now(), leaseOwner: null, leaseExpiresAt: null })
          .where(eq(notification.id, job.id));
      } else {
        deps.logger.warn("transactional send failed", { notification: job.id, status: outcome.status, message: outcome.message });
        const retryAt = new Date(deps.clock.now().getTime() + (outcome.retryAfterMs ?? 30_000));
        await deps.db.update(notification).set({ leaseOwner: "backoff", leaseExpiresAt: retryAt }).where(eq(notification.id, job.id));
        return handled;
      }
      handled++;
    }
  }

  return {
    tick,
    start(intervalMs = 1000) {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = tick()
          .catch((err) => {
            deps.logger.error("dispatcher pass failed", errorFields(err));
            return 0;
          })
          .finally(() => {
            running = undefined;
          });
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
      await deps.db.update(notification).set({ leaseOwner: null, leaseExpiresAt: null }).where(eq(notification.leaseOwner, owner));
    },
  };
}
