import { and, eq, isNull, sql } from "drizzle-orm";
import { intakeRule, signal } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { processSignal } from "./process.ts";

/**
 * Firing signals whose rule sets component status but has not yet (the flapping guard's hold
 * time, or a follow-up that failed after commit), and firing draft-rule signals without a draft.
 */
export async function processPendingSignals(deps: Deps): Promise<number> {
  const rows = await deps.db
    .select({ id: signal.id })
    .from(signal)
    .innerJoin(intakeRule, eq(intakeRule.id, signal.ruleId))
    .where(
      and(
        eq(signal.status, "firing"),
        isNull(signal.dismissedAt),
        sql`((${intakeRule.action} = 'auto_component_status' AND ${signal.autoStatus} = '[]') OR (${intakeRule.action} IN ('draft_incident', 'auto_component_status') AND ${signal.incidentId} IS NULL))`,
      ),
    )
    .limit(1000);
  let done = 0;
  for (const row of rows) if (!(await processSignal(deps, row.id))) done += 1;
  return done;
}
