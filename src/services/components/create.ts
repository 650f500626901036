import { bumpContentVersion } from "../../../db/content-version.ts";
import { component, componentStatusChange } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { newId } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";
import type { CreateComponent } from "./schemas.ts";
import { type ComponentJson, componentJson, type DataDeps, requireGroup, storedVisibility } from "./shared.ts";

/** Adds a component; its first status is recorded so the history bar starts on the right day. */
export async function createComponent(deps: DataDeps, ctx: ServiceContext, input: CreateComponent): Promise<ComponentJson> {
  authorize(ctx, "component.write");
  return deps.db.transaction(async (tx) => {
    if (input.groupId) await requireGroup(tx, input.groupId);
    const now = deps.clock.now();
    const [row] = await tx
      .insert(component)
      .values({
        id: newId(),
        name: input.name,
        description: input.description ?? null,
        groupId: input.groupId ?? null,
        position: input.position ?? 0,
        status: input.status ?? "operational",
        visibility: await storedVisibility(tx, input.visibility ?? "internal"),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error("insert returned nothing");
    await tx.insert(componentStatusChange).values({ id: newId(), componentId: row.id, status: row.status, previousStatus: null, at: now });
    const json = componentJson(row);
    await recordAudit(tx, deps.clock, ctx, {
      action: "component.create",
      resourceType: "component",
      resourceId: row.id,
      after: { ...json },
    });
    await bumpContentVersion(tx, deps.clock);
    return json;
  });
}
