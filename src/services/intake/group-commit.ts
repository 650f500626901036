import { eq } from "drizzle-orm";
import { intakeRule } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { recordAudit } from "../audit/record.ts";
import type { NormalizedAlert } from "./normalize.ts";
import { type Stored, storeAlerts } from "./store.ts";
import { type IntakeSourceRow, sourceActor } from "./token.ts";

interface Pending {
  source: IntakeSourceRow;
  alerts: NormalizedAlert[];
  resolve(stored: Stored): void;
  reject(err: unknown): void;
}

/** At most this many alerts share one transaction, so the write lock is never held long. */
const MAX_BATCH_ALERTS = 5000;

/**
 * Group commit: payloads that arrive while a write is in progress wait and are then written
 * together in one transaction. SQLite has one writer, and a transaction per request made a
 * burst of 1,000 single-alert requests take seconds; batched, it takes a few transactions.
 * If a batch fails, each payload is retried alone, so one bad payload cannot sink the others.
 */
class GroupCommit {
  private queue: Pending[] = [];
  private running = false;
  private readonly deps: Pick<Deps, "db" | "clock">;
  constructor(deps: Pick<Deps, "db" | "clock">) {
    this.deps = deps;
  }

  submit(source: IntakeSourceRow, alerts: NormalizedAlert[]): Promise<Stored> {
    return new Promise((resolve, reject) => {
      this.queue.push({ source, alerts, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private take(): Pending[] {
    let n = 0;
    let count = 0;
    while (n < this.queue.length && (n === 0 || count + (this.queue[n]?.alerts.length ?? 0) <= MAX_BATCH_ALERTS)) {
      count += this.queue[n]?.alerts.length ?? 0;
      n += 1;
    }
    return this.queue.splice(0, n);
  }

  private async write(batch: Pending[]): Promise<Stored[]> {
    return this.deps.db.transaction(async (tx) => {
      const rules = await tx.select().from(intakeRule).where(eq(intakeRule.enabled, true));
      const now = this.deps.clock.now();
      const out: Stored[] = [];
      for (const p of batch) {
        const stored = await storeAlerts(tx, now, rules, p.source.id, p.alerts);
        // One audit row per payload: who sent how many (the signals themselves are the detail).
        await recordAudit(
          tx,
          this.deps.clock,
          { actor: sourceActor(p.source) },
          {
            action: "signal.receive",
            resourceType: "intake_source",
            resourceId: p.source.id,
            after: { ...stored.result },
          },
        );
        out.push(stored);
      }
      return out;
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length) {
        const batch = this.take();
        try {
          const stored = await this.write(batch);
          for (const [i, p] of batch.entries()) p.resolve(stored[i] as Stored);
        } catch (err) {
          if (batch.length === 1) batch[0]?.reject(err);
          else for (const p of batch) await this.write([p]).then(([s]) => p.resolve(s as Stored), p.reject);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

const committers = new WeakMap<object, GroupCommit>();

/** One group committer per database handle. */
export function groupCommit(deps: Pick<Deps, "db" | "clock">): GroupCommit {
  let gc = committers.get(deps.db);
  if (!gc) {
    gc = new GroupCommit(deps);
    committers.set(deps.db, gc);
  }
  return gc;
}
