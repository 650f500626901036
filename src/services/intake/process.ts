import { eq } from "drizzle-orm";
import { intakeRule, intakeSource, signal } from "../../../db/schema/index.ts";
import type { ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { startEscalation } from "../escalations/start.ts";
import { applyAutoStatus, restoreAutoStatus } from "./automation.ts";
import { draftFromSignal } from "./draft.ts";
import { heldLongEnough } from "./rules.ts";

export type SignalRow = typeof signal.$inferSelect;
export type RuleRow = typeof intakeRule.$inferSelect;

/**
 * Brings one signal's consequences up to date; idempotent, so the intake job can call it
 * again for any signal whose automation is still waiting (the flapping guard's hold time).
 * Returns true when something is still pending.
 */
export async function processSignal(deps: Deps, signalId: string): Promise<boolean> {
  const [row] = await deps.db.select().from(signal).where(eq(signal.id, signalId));
  if (!row) return false;
  const [rule] = row.ruleId ? await deps.db.select().from(intakeRule).where(eq(intakeRule.id, row.ruleId)) : [];
  const ctx = await sourceContext(deps, row.sourceId);
  if (row.status === "resolved") {
    if (row.autoStatus.length) await restoreAutoStatus(deps, ctx, row);
    return false;
  }
  if (row.dismissedAt) return false;
  // Actions are cumulative: automatic status also opens a draft, so a person is drawn in.
  if ((rule?.action === "draft_incident" || rule?.action === "auto_component_status") && !row.incidentId)
    await draftFromSignal(deps, ctx, row);
  if (row.severity === "critical" && !row.acknowledgedAt) await startEscalation(deps, ctx, { signalId: row.id, since: row.firingSinceAt });
  if (rule?.action !== "auto_component_status" || row.autoStatus.length) return false;
  if (!heldLongEnough(row.firingSinceAt, deps.clock.now(), rule.minHoldSeconds)) return true;
  await applyAutoStatus(deps, ctx, row, rule);
  return false;
}

async function sourceContext(deps: Pick<Deps, "db">, sourceId: string): Promise<ServiceContext> {
  const [source] = await deps.db.select({ name: intakeSource.name }).from(intakeSource).where(eq(intakeSource.id, sourceId));
  return { actor: { type: "system", id: null, name: `intake source ${source?.name ?? sourceId}` } };
}
