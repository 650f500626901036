import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { component } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { recordAudit } from "../audit/record.ts";
import { componentJson, type DataDeps, requireComponent } from "./shared.ts";

/** Soft-deletes a component: it leaves every page, its id is never reused, history rows stay. */
export async function deleteComponent(deps: DataDeps, ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, "component.write");
  await deps.db.transaction(async (tx) => {
    const before = await requireComponent(tx, id);
    const now = deps.clock.now();
    await tx.update(component).set({ deletedAt: now, updatedAt: now }).where(eq(component.id, id));
    await recordAudit(tx, deps.clock, ctx, {
      action: "component.delete",
      resourceType: "component",
      resourceId: id,
      before: { ...componentJson(before) },
    });
    await bumpContentVersion(tx, deps.clock);
  });
}
