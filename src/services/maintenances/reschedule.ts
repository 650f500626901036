import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { incident } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { AppError, ValidationError } from "../../lib/errors.ts";
import { enqueueNotification } from "../../notify/outbox.ts";
import { recordAudit } from "../audit/record.ts";
import { requireIncident } from "../incidents/load.ts";
import { checkFuture } from "../incidents/rules.ts";
import { insertUpdate } from "../updates/write.ts";
import type { RescheduleMaintenance } from "./schemas.ts";

/** Moves the window or changes automation; a moved window is announced and re-arms the reminder. */
export async function rescheduleMaintenance(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  id: string,
  input: RescheduleMaintenance,
) {
  authorize(ctx, "maintenance.write");
  return deps.db.transaction(async (tx) => {
    const row = await requireIncident(tx, id, "maintenance");
    if (row.status === "completed" || row.status === "cancelled")
      throw new AppError("unprocessable", "This maintenance has ended", [{ path: "status", message: `the maintenance is ${row.status}` }]);
    if (input.scheduledFor && row.status !== "scheduled")
      throw new ValidationError("The maintenance has started", [
        { path: "scheduledFor", message: "cannot move the start of a started maintenance" },
      ]);
    const scheduledFor = input.scheduledFor ?? (row.scheduledFor as Date);
    const scheduledUntil = input.scheduledUntil ?? (row.scheduledUntil as Date);
    if (scheduledUntil.getTime() <= scheduledFor.getTime())
      throw new ValidationError("The window ends before it starts", [{ path: "scheduledUntil", message: "must be after scheduledFor" }]);
    checkFuture(deps.clock.now(), input.scheduledUntil, "scheduledUntil");
    const moved = scheduledFor.getTime() !== row.scheduledFor?.getTime() || scheduledUntil.getTime() !== row.scheduledUntil?.getTime();
    const now = deps.clock.now();
    await tx
      .update(incident)
      .set({
        title: input.title ?? row.title,
        scheduledFor,
        scheduledUntil,
        startedAt: row.status === "scheduled" ? scheduledFor : row.startedAt,
        autoTransition: input.autoTransition ?? row.autoTransition,
        reminderMinutes: input.reminderMinutes ?? row.reminderMinutes,
        reminderSentAt: moved ? null : row.reminderSentAt,
        sequence: moved || (input.title !== undefined && input.title !== row.title) ? row.sequence + 1 : row.sequence,
        updatedAt: now,
      })
      .where(eq(incident.id, id));
    let updateId: string | null = null;
    if (input.body) {
      updateId = await insertUpdate(tx, deps.clock, {
        incidentId: id,
        status: row.status,
        body: input.body,
        variants: [],
        components: [],
        notify: input.notify,
        authorId: memberIdOf(ctx.actor),
      });
    }
    if (moved && input.notify) await enqueueNotification(tx, deps.clock, { kind: "maintenance.rescheduled", incidentId: id, updateId });
    await recordAudit(tx, deps.clock, ctx, {
      action: "maintenance.reschedule",
      resourceType: "maintenance",
      resourceId: id,
      before: { scheduledFor: row.scheduledFor, scheduledUntil: row.scheduledUntil },
      after: { scheduledFor, scheduledUntil, moved, updateId },
    });
    await bumpContentVersion(tx, deps.clock);
    return { id, scheduledFor, scheduledUntil, moved, updateId };
  });
}
