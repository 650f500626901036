import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { componentGroup } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { recordAudit } from "../audit/record.ts";
import type { UpdateGroup } from "../components/schemas.ts";
import { type DataDeps, storedVisibility } from "../components/shared.ts";
import { type GroupJson, groupJson, requireGroupRow } from "./shared.ts";

export async function updateGroup(deps: DataDeps, ctx: ServiceContext, id: string, input: UpdateGroup): Promise<GroupJson> {
  authorize(ctx, "component.write");
  return deps.db.transaction(async (tx) => {
    const before = await requireGroupRow(tx, id);
    const set: Partial<typeof componentGroup.$inferInsert> = { updatedAt: deps.clock.now() };
    if (input.name !== undefined) set.name = input.name;
    if (input.description !== undefined) set.description = input.description;
    if (input.position !== undefined) set.position = input.position;
    if (input.visibility !== undefined) set.visibility = await storedVisibility(tx, input.visibility);
    const [row] = await tx.update(componentGroup).set(set).where(eq(componentGroup.id, id)).returning();
    if (!row) throw new Error("update returned nothing");
    const json = groupJson(row);
    await recordAudit(tx, deps.clock, ctx, {
      action: "component_group.update",
      resourceType: "component_group",
      resourceId: id,
      before: { ...groupJson(before) },
      after: { ...json },
    });
    await bumpContentVersion(tx, deps.clock);
    return json;
  });
}
