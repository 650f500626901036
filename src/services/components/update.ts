import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { component, componentStatusChange } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { newId } from "../../lib/ids.ts";
import { enqueueNotification } from "../../notify/outbox.ts";
import { recordAudit } from "../audit/record.ts";
import type { UpdateComponent } from "./schemas.ts";
import { type ComponentJson, componentJson, type DataDeps, requireComponent, requireGroup, storedVisibility } from "./shared.ts";

/** Changes a component; a status change also appends a component_status_change row. */
export async function updateComponent(deps: DataDeps, ctx: ServiceContext, id: string, input: UpdateComponent): Promise<ComponentJson> {
  authorize(ctx, "component.write");
  return deps.db.transaction(async (tx) => {
    const before = await requireComponent(tx, id);
    if (input.groupId) await requireGroup(tx, input.groupId);
    const now = deps.clock.now();
    const set: Partial<typeof component.$inferInsert> = { updatedAt: now };
    if (input.name !== undefined) set.name = input.name;
    if (input.description !== undefined) set.description = input.description;
    if (input.groupId !== undefined) set.groupId = input.groupId;
    if (input.position !== undefined) set.position = input.position;
    if (input.status !== undefined) set.status = input.status;
    if (input.visibility !== undefined) set.visibility = await storedVisibility(tx, input.visibility);
    const [row] = await tx.update(component).set(set).where(eq(component.id, id)).returning();
    if (!row) throw new Error("update returned nothing");
    if (input.status !== undefined && input.status !== before.status) {
      await tx
        .insert(componentStatusChange)
        .values({ id: newId(), componentId: id, status: input.status, previousStatus: before.status, at: now });
      // Announced to opted-in subscribers after the coalescing window (src/notify/component-change.ts).
      await enqueueNotification(tx, deps.clock, {
        kind: "component.updated",
        payload: { componentId: id, from: before.status, to: input.status },
      });
    }
    const json = componentJson(row);
    await recordAudit(tx, deps.clock, ctx, {
      action: "component.update",
      resourceType: "component",
      resourceId: id,
      before: { ...componentJson(before) },
      after: { ...json },
    });
    await bumpContentVersion(tx, deps.clock);
    return json;
  });
}
