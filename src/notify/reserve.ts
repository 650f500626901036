import type { Row as DriverRow, InArgs, InStatement } from "@libsql/client";
import { and, asc, eq, inArray, lte, max, type SQL, type SQLWrapper } from "drizzle-orm";
import { clientOf, type DbOrTx } from "../../db/client.ts";
import type { Channel } from "../../db/schema/index.ts";
import { delivery, deliveryBatch } from "../../db/schema/index.ts";
import { type BuiltQuery, notIndexed } from "../../db/sql.ts";
import type { Deps } from "../deps.ts";
import { newId } from "../lib/ids.ts";

type Row = { id: string; subscriberId: string; incidentId: string | null; seq: number; state: string };

/** The columns ordering decisions read, for candidates and for what each subscriber already has. */
const ROW = {
  id: delivery.id,
  subscriberId: delivery.subscriberId,
  incidentId: delivery.incidentId,
  seq: delivery.seq,
  state: delivery.state,
};

/** Deliveries of one channel waiting for their (next) attempt: those sent in batches, or (alone) those sent on their own. */
export function pendingDue(channel: Channel, now: Date, alone = false): SQL {
  return and(
    eq(delivery.state, "pending"),
    eq(delivery.alone, alone),
    eq(delivery.channel, channel),
    lte(delivery.nextAttemptAt, now),
  ) as SQL;
}

/**
 * Claims up to `limit` pending deliveries of one channel into a new batch (state forming,
 * leased), in one write transaction so two dispatchers never claim the same row. Per-incident
 * ordering is decided here: for a subscriber only the newest pending update of an incident is
 * claimed (the older ones are skipped as superseded and summarised in it); an update waits
 * while an older one for the same subscriber is still in flight; one older than something
 * already sent is skipped.
 */
export async function reserveBatch(
  deps: Deps,
  owner: string,
  channel: Channel,
  limit: number,
  leaseMs: number,
  /** The caller has just seen due rows of this channel (lookForWork): no second look. */
  seen = false,
  /** Claim emails sent on their own (src/notify/calendar-mail.ts) instead of those sent in batches. */
  alone = false,
): Promise<string | null> {
  const now = deps.clock.now();
  const due = pendingDue(channel, now, alone);
  // An idle pass looks without the write lock ...
  if (!seen) {
    const [any] = await deps.db.select({ id: delivery.id }).from(delivery).where(due).limit(1);
    if (!any) return null;
  }
  // ... but candidates are read under it: read outside it, two dispatchers racing for the same
  // rows would each claim what the other left, and send half-empty batches. On a libSQL server
  // the lock is shared by every instance and each statement is a round trip, so it is held for
  // two: the candidates and their subscribers' history (one pipeline, with BEGIN), then every
  // write and COMMIT (one pipeline).
  const candidates = deps.db.select(ROW).from(delivery).where(due).orderBy(asc(delivery.nextAttemptAt)).limit(limit);
  const theirSubscribers = deps.db
    .select({ id: delivery.subscriberId })
    .from(delivery)
    .where(due)
    .orderBy(asc(delivery.nextAttemptAt))
    .limit(limit);
  const [open, sent] = relatedQueries(deps.db, channel, theirSubscribers);
  const tx = await clientOf(deps.db).transaction("write");
  try {
    const [found, openRows, sentRows] = await tx.batch([statementOf(candidates), statementOf(open), statementOf(sent)]);
    const rows = (found?.rows ?? []).map(rowOf);
    if (!rows.length) {
      await tx.commit();
      return "";
    }
    const related = [...(openRows?.rows ?? []).map(rowOf), ...(sentRows?.rows ?? []).map(sentRowOf)];
    const { claim, skip, hold } = decideOrder(rows, related);
    const batchId = newId();
    const writes = [
      skip.length
        ? deps.db.update(delivery).set({ state: "skipped", lastError: "superseded", updatedAt: now }).where(inArray(delivery.id, skip))
        : undefined,
      hold.length
        ? deps.db
            .update(delivery)
            .set({ nextAttemptAt: new Date(now.getTime() + 5_000), updatedAt: now })
            .where(inArray(delivery.id, hold))
        : undefined,
      claim.length
        ? deps.db.insert(deliveryBatch).values({
            id: batchId,
            channel,
            state: "forming",
            size: claim.length,
            nextAttemptAt: now,
            leaseOwner: owner,
            leaseExpiresAt: new Date(now.getTime() + leaseMs),
            createdAt: now,
          })
        : undefined,
      claim.length
        ? deps.db.update(delivery).set({ state: "sending", batchId, updatedAt: now }).where(inArray(delivery.id, claim))
        : undefined,
    ].filter((q) => q !== undefined);
    if (writes.length) {
      // COMMIT rides with the writes: one round trip fewer under the lock. close() then ends the stream
      // (the transaction is already committed, so there is nothing left to roll back).
      await tx.batch([...writes.map(statementOf), "COMMIT"]);
      tx.close();
    } else await tx.commit();
    if (claim.length) return batchId;
    return skip.length || hold.length ? "" : null;
  } catch (err) {
    await tx.rollback().catch(() => undefined);
    throw err;
  } finally {
    tx.close();
  }
}

/**
 * What ordering needs to know about the candidates' subscribers: every pending or sending row, and
 * per incident only the newest sent one (aggregated in the database, so the rows read do not grow
 * with each subscriber's history).
 */
function relatedQueries(db: DbOrTx, channel: Channel, subscriberIds: string[] | SQLWrapper) {
  const mine = and(inArray(delivery.subscriberId, subscriberIds), eq(delivery.channel, channel));
  const open = db
    .select(ROW)
    .from(delivery)
    .where(and(mine, inArray(notIndexed(delivery.state), ["pending", "sending"])));
  const sent = db
    .select({ subscriberId: delivery.subscriberId, incidentId: delivery.incidentId, seq: max(delivery.seq) })
    .from(delivery)
    .where(and(mine, inArray(notIndexed(delivery.state), ["sent", "delivered"])))
    .groupBy(delivery.subscriberId, delivery.incidentId);
  return [open, sent] as const;
}

/** The same rows as the claim reads them, for a given list of subscribers (tests, tools). */
export async function relatedRows(db: DbOrTx, channel: Channel, subscriberIds: string[]): Promise<Row[]> {
  const [open, sent] = relatedQueries(db, channel, subscriberIds);
  const [openRows, sentRows] = await Promise.all([open, sent]);
  return [...openRows, ...sentRows.map((r) => ({ ...r, id: `sent-${r.subscriberId}-${r.incidentId}`, seq: r.seq ?? 0, state: "sent" }))];
}

function statementOf(query: BuiltQuery): InStatement {
  const built = query.toSQL();
  return { sql: built.sql, args: built.params as InArgs };
}

/** A raw row of ROW (snake_case column names, as the driver returns them). */
function rowOf(r: DriverRow): Row {
  return {
    id: String(r.id),
    subscriberId: String(r.subscriber_id),
    incidentId: r.incident_id === null ? null : String(r.incident_id),
    seq: Number(r.seq),
    state: String(r.state),
  };
}

/** A raw row of the newest-sent aggregate, as the ordering reads it. */
function sentRowOf(r: DriverRow): Row {
  const subscriberId = String(r[0]);
  const incidentId = r[1] === null ? null : String(r[1]);
  return { id: `sent-${subscriberId}-${incidentId}`, subscriberId, incidentId, seq: Number(r[2] ?? 0), state: "sent" };
}

/** Pure: which candidates to claim, skip (superseded) or hold (an older one is in flight). */
export function decideOrder(candidates: Row[], related: Row[]): { claim: string[]; skip: string[]; hold: string[] } {
  const claim: string[] = [];
  const skip = new Set<string>();
  const hold: string[] = [];
  for (const c of candidates) {
    if (skip.has(c.id)) continue;
    if (!c.incidentId) {
      claim.push(c.id);
      continue;
    }
    const group = related.filter((r) => r.subscriberId === c.subscriberId && r.incidentId === c.incidentId);
    const pending = group.filter((r) => r.state === "pending");
    const newestPending = pending.reduce((a, b) => (b.seq > a.seq ? b : a), c);
    for (const p of pending) if (p.id !== newestPending.id) skip.add(p.id);
    if (newestPending.id !== c.id) continue;
    if (group.some((r) => r.state !== "pending" && r.seq > c.seq)) {
      skip.add(c.id);
      continue;
    }
    if (group.some((r) => r.state === "sending" && r.seq < c.seq)) hold.push(c.id);
    else claim.push(c.id);
  }
  return { claim, skip: [...skip], hold };
}
