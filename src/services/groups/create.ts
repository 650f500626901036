import { bumpContentVersion } from "../../../db/content-version.ts";
import { componentGroup } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { newId } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";
import type { CreateGroup } from "../components/schemas.ts";
import { type DataDeps, storedVisibility } from "../components/shared.ts";
import { type GroupJson, groupJson } from "./shared.ts";

export async function createGroup(deps: DataDeps, ctx: ServiceContext, input: CreateGroup): Promise<GroupJson> {
  authorize(ctx, "component.write");
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [row] = await tx
      .insert(componentGroup)
      .values({
        id: newId(),
        name: input.name,
        description: input.description ?? null,
        position: input.position ?? 0,
        visibility: await storedVisibility(tx, input.visibility ?? "internal"),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error("insert returned nothing");
    const json = groupJson(row);
    await recordAudit(tx, deps.clock, ctx, {
      action: "component_group.create",
      resourceType: "component_group",
      resourceId: row.id,
      after: { ...json },
    });
    await bumpContentVersion(tx, deps.clock);
    return json;
  });
}
