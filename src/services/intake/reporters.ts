import { and, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { report, subscription } from "../../../db/schema/index.ts";
import type { Clock } from "../../lib/clock.ts";
import { findOrInsertSubscriber } from "../subscribers/write.ts";

export const REPORTER_CONSENT = "Reported a problem and asked to hear back about it";

/**
 * Subscribes the reporters of a group who left an email to the incident (and nothing else).
 * A new address is active at once: asking to hear back on the report is the consent. An address
 * that is pending, unsubscribed or suppressed keeps its state; the closure note still reaches it.
 */
export async function subscribeReporters(tx: DbOrTx, clock: Clock, groupId: string, incidentId: string): Promise<number> {
  const rows = await tx
    .select({ email: report.email })
    .from(report)
    .where(and(eq(report.groupId, groupId), isNotNull(report.email)));
  let subscribed = 0;
  for (const email of new Set(rows.map((r) => r.email as string))) {
    const { row, created } = await findOrInsertSubscriber(tx, clock, "email", email, {
      allComponents: false,
      maintenance: false,
      consent: REPORTER_CONSENT,
      confirmedAt: clock.now(),
    });
    const active = created || (row.confirmedAt && !row.unsubscribedAt && !row.suppressedAt);
    if (!active) continue;
    await tx.insert(subscription).values({ subscriberId: row.id, targetType: "incident", targetId: incidentId }).onConflictDoNothing();
    subscribed += 1;
  }
  return subscribed;
}
