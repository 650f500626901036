import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { component, componentGroup } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { recordAudit } from "../audit/record.ts";
import type { DataDeps } from "../components/shared.ts";
import { groupJson, requireGroupRow } from "./shared.ts";

/** Soft-deletes a group; its components stay on the page, ungrouped. */
export async function deleteGroup(deps: DataDeps, ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, "component.write");
  await deps.db.transaction(async (tx) => {
    const before = await requireGroupRow(tx, id);
    const now = deps.clock.now();
    await tx.update(component).set({ groupId: null, updatedAt: now }).where(eq(component.groupId, id));
    await tx.update(componentGroup).set({ deletedAt: now, updatedAt: now }).where(eq(componentGroup.id, id));
    await recordAudit(tx, deps.clock, ctx, {
      action: "component_group.delete",
      resourceType: "component_group",
      resourceId: id,
      before: { ...groupJson(before) },
    });
    await bumpContentVersion(tx, deps.clock);
  });
}
