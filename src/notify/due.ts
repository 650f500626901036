import { and, eq, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { CHANNELS, type Channel, delivery, deliveryBatch, notification } from "../../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { expansionDue } from "./component-change.ts";
import { pendingDue } from "./reserve.ts";
import { batchLeasable } from "./send.ts";
import { transactionalDue } from "./transactional.ts";

/** Bulk notifications to expand into deliveries: not yet expanded, leased by nobody, and due (component changes wait out their window). */
export function bulkExpansionDue(now: Date): SQL {
  const free = or(isNull(notification.leaseExpiresAt), lt(notification.leaseExpiresAt, now));
  return and(eq(notification.priority, "bulk"), isNull(notification.expandedAt), free, expansionDue(now)) as SQL;
}

export interface Work {
  transactional: boolean;
  /** A batch left forming by a crashed process, or one due for (re)sending. */
  batch: boolean;
  expansion: boolean;
  /** Channels with pending deliveries due. */
  channels: Set<Channel>;
  /** Emails to send on their own (with an attachment) are due. */
  alone: boolean;
}

/**
 * What the dispatcher has to do, in one statement: an EXISTS per kind of work, each under the same
 * condition the claim itself uses (so a kind seen here is claimed, or lost to another process, and
 * never skipped). Each EXISTS stops at its first row through an index, so the look stays cheap
 * however long the outbox is.
 */
export async function lookForWork(deps: Pick<Deps, "db" | "clock">): Promise<Work> {
  const now = deps.clock.now();
  const kinds: [string, { getSQL(): SQL }][] = [
    ["transactional", deps.db.select({ one: sql`1` }).from(notification).where(transactionalDue(now))],
    [
      "batch",
      deps.db
        .select({ one: sql`1` })
        .from(deliveryBatch)
        .where(batchLeasable(now, ["forming", "sending"])),
    ],
    ["expansion", deps.db.select({ one: sql`1` }).from(notification).where(bulkExpansionDue(now))],
    [
      "alone",
      deps.db
        .select({ one: sql`1` })
        .from(delivery)
        .where(pendingDue("email", now, true)),
    ],
    ...CHANNELS.map((channel): [string, { getSQL(): SQL }] => [
      channel,
      deps.db.select({ one: sql`1` }).from(delivery).where(pendingDue(channel, now)),
    ]),
  ];
  const columns = sql.join(
    kinds.map(([name, query]) => sql`EXISTS ${query} AS ${sql.identifier(name)}`),
    sql`, `,
  );
  const flags = ((await deps.db.get<Record<string, unknown>>(sql`SELECT ${columns}`)) ?? {}) as Record<string, unknown>;
  return {
    transactional: Boolean(flags.transactional),
    batch: Boolean(flags.batch),
    expansion: Boolean(flags.expansion),
    channels: new Set(CHANNELS.filter((channel) => Boolean(flags[channel]))),
    alone: Boolean(flags.alone),
  };
}
