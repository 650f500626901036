import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { requireIncident } from "../incidents/load.ts";
import { assertMayPublishRestricted, checkVariants } from "../incidents/rules.ts";
import type { PostMaintenanceUpdate } from "./schemas.ts";
import { applyMaintenanceUpdate } from "./transition.ts";

/** A message on a maintenance; a new status moves it (scheduled → in_progress → verifying → completed, or cancelled). */
export async function postMaintenanceUpdate(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  id: string,
  input: PostMaintenanceUpdate,
) {
  authorize(ctx, "maintenance.write");
  return deps.db.transaction(async (tx) => {
    const row = await requireIncident(tx, id, "maintenance");
    if (input.variants.length) assertMayPublishRestricted(ctx, "audience variants");
    await checkVariants(tx, row.visibility, input.variants);
    const result = await applyMaintenanceUpdate(tx, deps.clock, ctx, row, input);
    return { id, status: input.status, ...result };
  });
}
