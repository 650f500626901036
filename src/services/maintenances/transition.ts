import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { incident } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { enqueueNotification, type NotificationKind } from "../../notify/outbox.ts";
import { recordAudit } from "../audit/record.ts";
import type { IncidentRow } from "../incidents/load.ts";
import { insertUpdate, linkedComponents } from "../updates/write.ts";

export const MAINTENANCE_NEXT: Record<string, string[]> = {
  scheduled: ["in_progress", "cancelled"],
  in_progress: ["verifying", "completed", "cancelled"],
  verifying: ["in_progress", "completed"],
  completed: [],
  cancelled: [],
};

const KIND: Record<string, NotificationKind | undefined> = {
  in_progress: "maintenance.started",
  completed: "maintenance.completed",
  cancelled: "maintenance.cancelled",
};

/**
 * Posts a maintenance message, moving the state when `status` differs. Components go under
 * maintenance when it starts and back to operational when it ends. Used by people and the scheduler.
 */
export async function applyMaintenanceUpdate(
  tx: DbOrTx,
  clock: Clock,
  ctx: ServiceContext,
  row: IncidentRow,
  input: { status: string; body: string; variants: { audience: string; body: string }[]; internalNote?: string; notify: boolean },
): Promise<{ updateId: string; notificationId: string | null }> {
  authorize(ctx, "maintenance.write");
  const moving = input.status !== row.status;
  if (moving && !MAINTENANCE_NEXT[row.status]?.includes(input.status)) {
    throw new AppError("unprocessable", `A maintenance cannot go from ${row.status} to ${input.status}`, [
      { path: "status", message: `allowed from ${row.status}: ${MAINTENANCE_NEXT[row.status]?.join(", ") || "nothing (it has ended)"}` },
    ]);
  }
  if (!moving && (row.status === "completed" || row.status === "cancelled")) {
    throw new AppError("unprocessable", "This maintenance has ended", [{ path: "status", message: `the maintenance is ${row.status}` }]);
  }
  const now = clock.now();
  const linked = await linkedComponents(tx, row.id);
  const ending = input.status === "completed" || input.status === "cancelled";
  const components = !moving
    ? []
    : input.status === "in_progress"
      ? linked.map((c) => ({ id: c.id, status: "under_maintenance" as const }))
      : ending && row.status !== "scheduled"
        ? linked.map((c) => ({ id: c.id, status: "operational" as const }))
        : [];
  const updateId = await insertUpdate(tx, clock, {
    incidentId: row.id,
    status: input.status,
    body: input.body,
    variants: input.variants,
    internalNote: input.internalNote,
    components,
    notify: input.notify,
    authorId: memberIdOf(ctx.actor),
  });
  await tx
    .update(incident)
    .set({
      status: input.status,
      resolvedAt: ending ? now : null,
      ...(input.status === "cancelled" && moving ? { sequence: row.sequence + 1 } : {}),
      updatedAt: now,
      ...(input.status === "in_progress" && row.status === "scheduled" ? { startedAt: now } : {}),
    })
    .where(eq(incident.id, row.id));
  const kind: NotificationKind = (moving && KIND[input.status]) || "incident.updated";
  const notificationId = input.notify ? await enqueueNotification(tx, clock, { kind, incidentId: row.id, updateId }) : null;
  await recordAudit(tx, clock, ctx, {
    action: moving ? "maintenance.transition" : "maintenance.update",
    resourceType: "maintenance",
    resourceId: row.id,
    before: { status: row.status },
    after: { status: input.status, updateId, variants: input.variants.map((v) => v.audience), notify: input.notify },
  });
  await bumpContentVersion(tx, clock);
  return { updateId, notificationId };
}
