import { eq, lt, or } from "drizzle-orm";
import { jobLease } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";

/**
 * Named leases on scheduled jobs (job_lease): an instance runs a job only while it holds the
 * lease, renews it on every pass, and another instance takes over once it expires. The scheduler
 * (src/jobs/scheduler.ts) is an adapter over these; it never touches the table itself.
 */

/** Takes or renews the lease on `name` for `owner` until now + `leaseMs`; true when `owner` holds it. */
export async function acquireJobLease(deps: Pick<Deps, "db" | "clock">, name: string, owner: string, leaseMs: number): Promise<boolean> {
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

/** Records when a job last ran and its short summary. */
export async function recordJobRun(deps: Pick<Deps, "db" | "clock">, name: string, result: string): Promise<void> {
  await deps.db
    .update(jobLease)
    .set({ lastRunAt: deps.clock.now(), lastResult: result.slice(0, 200) })
    .where(eq(jobLease.name, name));
}

/** Lets every lease `owner` holds expire now, so another instance takes over at once. */
export async function releaseJobLeases(deps: Pick<Deps, "db">, owner: string): Promise<void> {
  await deps.db
    .update(jobLease)
    .set({ expiresAt: new Date(0) })
    .where(eq(jobLease.owner, owner));
}
