import { and, eq, lte } from "drizzle-orm";
import { incident } from "../../../db/schema/index.ts";
import { SYSTEM } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { applyMaintenanceUpdate } from "./transition.ts";

export const STARTED_TEXT = "The scheduled maintenance is now in progress.";
export const COMPLETED_TEXT = "The scheduled maintenance has been completed.";

/** Starts maintenances whose window opened and completes those whose window closed (when automatic). */
export async function advanceMaintenanceWindows(deps: Deps): Promise<{ started: number; completed: number }> {
  const now = deps.clock.now();
  const due = await deps.db
    .select()
    .from(incident)
    .where(and(eq(incident.kind, "maintenance"), eq(incident.autoTransition, true), lte(incident.scheduledFor, now)));
  let started = 0;
  let completed = 0;
  for (const row of due) {
    const ended = row.scheduledUntil !== null && row.scheduledUntil.getTime() <= now.getTime();
    const next =
      row.status === "scheduled"
        ? "in_progress"
        : ended && (row.status === "in_progress" || row.status === "verifying")
          ? "completed"
          : null;
    if (!next) continue;
    await deps.db.transaction(async (tx) => {
      const [fresh] = await tx.select().from(incident).where(eq(incident.id, row.id));
      if (!fresh || fresh.status !== row.status) return;
      await applyMaintenanceUpdate(tx, deps.clock, { actor: SYSTEM }, fresh, {
        status: next,
        body: next === "in_progress" ? STARTED_TEXT : COMPLETED_TEXT,
        variants: [],
        notify: true,
      });
    });
    if (next === "in_progress") started++;
    else completed++;
  }
  return { started, completed };
}
