import { and, eq, gt, isNull } from "drizzle-orm";
import { incident } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { enqueueNotification } from "../../notify/outbox.ts";

/** Announces each scheduled maintenance once, `reminderMinutes` before its window opens (0 turns it off). Returns how many. */
export async function sendMaintenanceReminders(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const upcoming = await deps.db
    .select()
    .from(incident)
    .where(
      and(
        eq(incident.kind, "maintenance"),
        eq(incident.status, "scheduled"),
        isNull(incident.reminderSentAt),
        gt(incident.scheduledFor, now),
      ),
    );
  let sent = 0;
  for (const row of upcoming) {
    if (!row.reminderMinutes || !row.scheduledFor) continue;
    if (row.scheduledFor.getTime() - row.reminderMinutes * 60_000 > now.getTime()) continue;
    await deps.db.transaction(async (tx) => {
      const claimed = await tx
        .update(incident)
        .set({ reminderSentAt: now })
        .where(and(eq(incident.id, row.id), isNull(incident.reminderSentAt)))
        .returning({ id: incident.id });
      if (claimed.length) await enqueueNotification(tx, deps.clock, { kind: "maintenance.reminder", incidentId: row.id });
    });
    sent++;
  }
  return sent;
}
