import { eq, lt, or } from "drizzle-orm";
import { jobLease } from "../../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { newId } from "../lib/ids.ts";
import { errorFields } from "../lib/logger.ts";
import { JOBS } from "./index.ts";
import type { Job } from "./job.ts";

export interface Scheduler {
  /** One pass over every job whose lease this instance holds or can take; returns the names it ran. */
  tick(): Promise<string[]>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

/**
 * Runs scheduled jobs on an interval. Each job has a named lease in job_lease: an instance runs
 * a job only while it holds the lease, renews it on every pass, and another takes over after expiry.
 */
export function createScheduler(deps: Deps, jobs: Job[] = JOBS, options: { owner?: string; leaseMs?: number } = {}): Scheduler {
  const owner = options.owner ?? `scheduler-${newId()}`;
  const leaseMs = options.leaseMs ?? 90_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<string[]> | undefined;

  async function acquire(name: string): Promise<boolean> {
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + leaseMs);
    const taken = await deps.db
      .insert(jobLease)
      .values({ name, owner, expiresAt })
      .onConflictDoUpdate({
        target: jobLease.name,
        set: { owner, expiresAt },
        setWhere: or(eq(jobLease.owner, owner), lt(jobLease.expiresAt, now)),
      })
      .returning({ owner: jobLease.owner });
    return taken[0]?.owner === owner;
  }

  async function runOne(job: Job): Promise<boolean> {
    if (!(await acquire(job.name))) return false;
    let result: string;
    try {
      result = await job.run(deps);
    } catch (err) {
      deps.logger.error("job failed", { job: job.name, ...errorFields(err) });
      result = "error";
    }
    await deps.db
      .update(jobLease)
      .set({ lastRunAt: deps.clock.now(), lastResult: result.slice(0, 200) })
      .where(eq(jobLease.name, job.name));
    return true;
  }

  // A lease write can fail too (a lock held elsewhere, a full disk): log it and try next tick,
  // never reject — a rejected tick on a timer would end the process.
  async function tick(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of jobs) {
      try {
        if (await runOne(job)) ran.push(job.name);
      } catch (err) {
        deps.logger.error("job lease failed", { job: job.name, ...errorFields(err) });
      }
    }
    return ran;
  }

  return {
    tick,
    start(intervalMs = 30_000) {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = tick().finally(() => {
          running = undefined;
        });
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
      await deps.db
        .update(jobLease)
        .set({ expiresAt: new Date(0) })
        .where(eq(jobLease.owner, owner))
        .catch((err) => deps.logger.warn("job leases not released", errorFields(err)));
    },
  };
}
