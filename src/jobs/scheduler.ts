import type { Deps } from "../deps.ts";
import { newId } from "../lib/ids.ts";
import { errorFields } from "../lib/logger.ts";
import { acquireJobLease, recordJobRun, releaseJobLeases } from "../services/jobs/leases.ts";
import { JOBS } from "./index.ts";
import type { Job } from "./job.ts";

export interface Scheduler {
  /** One pass over every job whose lease this instance holds or can take; returns the names it ran. */
  tick(): Promise<string[]>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

/**
 * Runs scheduled jobs on an interval, each only while this instance holds its lease
 * (src/services/jobs/leases.ts); another instance takes over after expiry.
 */
export function createScheduler(deps: Deps, jobs: Job[] = JOBS, options: { owner?: string; leaseMs?: number } = {}): Scheduler {
  const owner = options.owner ?? `scheduler-${newId()}`;
  const leaseMs = options.leaseMs ?? 90_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<string[]> | undefined;

  async function runOne(job: Job): Promise<boolean> {
    if (!(await acquireJobLease(deps, job.name, owner, leaseMs))) return false;
    let result: string;
    try {
      result = await job.run(deps);
    } catch (err) {
      deps.logger.error("job failed", { job: job.name, ...errorFields(err) });
      result = "error";
    }
    await recordJobRun(deps, job.name, result);
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
      await releaseJobLeases(deps, owner).catch((err) => deps.logger.warn("job leases not released", errorFields(err)));
    },
  };
}
