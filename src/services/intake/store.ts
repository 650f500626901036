import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { incident, type intakeRule, signal } from "../../../db/schema/index.ts";
import { newId } from "../../lib/ids.ts";
import type { NormalizedAlert } from "./normalize.ts";
import type { SignalRow } from "./process.ts";
import { matchRule } from "./rules.ts";

export interface IngestResult {
  accepted: number;
  created: number;
  resolved: number;
}
export interface Stored {
  result: IngestResult;
  /** Signals with follow-up work after commit (drafts, automation, escalation). */
  touched: string[];
}
type Tx = DbOrTx;
type RuleRow = typeof intakeRule.$inferSelect;

/** Upserts one payload's alerts as signals inside the caller's transaction, deduplicated by (source, fingerprint). */
export async function storeAlerts(tx: Tx, now: Date, rules: RuleRow[], sourceId: string, alerts: NormalizedAlert[]): Promise<Stored> {
  const result: IngestResult = { accepted: alerts.length, created: 0, resolved: 0 };
  const touched = new Set<string>();
  const known = await existing(tx, sourceId, alerts);
  for (const alert of alerts) {
    const row = known.get(alert.fingerprint);
    const rule = matchRule(rules, alert.labels);
    const mapped = { ruleId: rule?.id ?? null, componentIds: rule?.componentIds ?? [] };
    const seen = { severity: alert.severity, summary: alert.summary, labels: alert.labels, lastSeenAt: now, ...mapped };
    if (!row) {
      const id = newId();
      const firing = alert.status === "firing";
      const [inserted] = await tx
        .insert(signal)
        .values({
          id,
          sourceId: sourceId,
          fingerprint: alert.fingerprint,
          status: alert.status,
          ...seen,
          firstSeenAt: now,
          firingSinceAt: now,
          resolvedAt: firing ? null : now,
          createdAt: now,
        })
        .returning();
      known.set(alert.fingerprint, inserted as SignalRow);
      result.created += 1;
      if (firing && needsFollowUp(rule, alert)) touched.add(id);
      continue;
    }
    const refiring = row.status === "resolved" && alert.status === "firing";
    const resolving = row.status === "firing" && alert.status === "resolved";
    const keepIncident = refiring && row.incidentId ? await incidentOpen(tx, row.incidentId) : true;
    const [updated] = await tx
      .update(signal)
      .set({
        ...seen,
        status: alert.status,
        eventCount: row.eventCount + 1,
        ...(refiring ? { firingSinceAt: now, resolvedAt: null, dismissedAt: null, dismissReason: null, acknowledgedAt: null } : {}),
        ...(refiring && !keepIncident ? { incidentId: null } : {}),
        ...(resolving ? { resolvedAt: now } : {}),
      })
      .where(eq(signal.id, row.id))
      .returning();
    known.set(alert.fingerprint, updated as SignalRow);
    if (resolving) result.resolved += 1;
    if (resolving ? row.autoStatus.length > 0 : needsFollowUp(rule, alert)) touched.add(row.id);
  }
  return { result, touched: [...touched] };
}

/** The signals a payload's fingerprints already have, in one query per 500 fingerprints. */
async function existing(tx: Tx, sourceId: string, alerts: NormalizedAlert[]): Promise<Map<string, SignalRow>> {
  const fingerprints = [...new Set(alerts.map((a) => a.fingerprint))];
  const out = new Map<string, SignalRow>();
  for (let i = 0; i < fingerprints.length; i += 500) {
    const rows = await tx
      .select()
      .from(signal)
      .where(and(eq(signal.sourceId, sourceId), inArray(signal.fingerprint, fingerprints.slice(i, i + 500))));
    for (const r of rows) out.set(r.fingerprint, r);
  }
  return out;
}

/** Only alerts a rule acts on, or critical ones (escalation), have anything to do after commit. */
function needsFollowUp(rule: { action: string } | null, alert: NormalizedAlert): boolean {
  return alert.status === "firing" && ((rule !== null && rule.action !== "suggest") || alert.severity === "critical");
}

async function incidentOpen(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx
    .select({ resolvedAt: incident.resolvedAt })
    .from(incident)
    .where(inArray(incident.id, [id]));
  return Boolean(row && !row.resolvedAt);
}
