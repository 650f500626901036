import { bumpContentVersion } from "../../../db/content-version.ts";
import { incident, incidentComponent } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { newId } from "../../lib/ids.ts";
import { enqueueNotification } from "../../notify/outbox.ts";
import { recordAudit } from "../audit/record.ts";
import {
  assertMayPublishRestricted,
  checkComponents,
  checkFuture,
  checkVariants,
  isRestricted,
  storedVisibility,
} from "../incidents/rules.ts";
import { insertUpdate } from "../updates/write.ts";
import type { CreateMaintenance } from "./schemas.ts";

/** Schedules a maintenance: its window, components (untouched until it starts), first message, notice. */
export async function createMaintenance(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, input: CreateMaintenance) {
  authorize(ctx, "maintenance.write");
  const now = deps.clock.now();
  checkFuture(now, input.scheduledUntil, "scheduledUntil");
  return deps.db.transaction(async (tx) => {
    const visibility = await storedVisibility(tx, input.visibility);
    if (isRestricted(visibility) || input.variants.length) assertMayPublishRestricted(ctx, "restricted maintenance");
    await checkVariants(tx, visibility, input.variants);
    await checkComponents(
      tx,
      visibility,
      input.components.map((id) => ({ id })),
    );
    const id = newId();
    await tx.insert(incident).values({
      id,
      kind: "maintenance",
      title: input.title,
      impact: input.impact,
      status: "scheduled",
      visibility,
      ownerId: memberIdOf(ctx.actor),
      startedAt: input.scheduledFor,
      scheduledFor: input.scheduledFor,
      scheduledUntil: input.scheduledUntil,
      autoTransition: input.autoTransition,
      reminderMinutes: input.reminderMinutes,
      createdAt: now,
      updatedAt: now,
    });
    if (input.components.length) {
      await tx
        .insert(incidentComponent)
        .values(input.components.map((componentId) => ({ incidentId: id, componentId, status: "under_maintenance" as const })));
    }
    const updateId = await insertUpdate(tx, deps.clock, {
      incidentId: id,
      status: "scheduled",
      body: input.body,
      variants: input.variants,
      internalNote: input.internalNote,
      components: [],
      notify: input.notify,
      authorId: memberIdOf(ctx.actor),
    });
    const notificationId = input.notify
      ? await enqueueNotification(tx, deps.clock, { kind: "maintenance.scheduled", incidentId: id, updateId })
      : null;
    await recordAudit(tx, deps.clock, ctx, {
      action: "maintenance.create",
      resourceType: "maintenance",
      resourceId: id,
      after: {
        title: input.title,
        visibility,
        scheduledFor: input.scheduledFor,
        scheduledUntil: input.scheduledUntil,
        updateId,
        variants: input.variants.map((v) => v.audience),
      },
    });
    await bumpContentVersion(tx, deps.clock);
    return { id, updateId, notificationId };
  });
}
