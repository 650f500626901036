import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError } from "../../lib/errors.ts";
import { requireIncident } from "../incidents/load.ts";
import { retractUpdate } from "../updates/retract.ts";
import type { RetractUpdate } from "../updates/schemas.ts";
import { requireStandingClosure } from "./standing.ts";

/**
 * Withdraws the closure notice (with its apology) or just the apology, exactly as retracting an
 * update: a public correction note takes its place. The incident stays resolved and may be closed again.
 */
export async function retractClosure(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  incidentId: string,
  part: "closure" | "apology",
  input: RetractUpdate,
): Promise<{ id: string; correctionId: string | null }> {
  authorize(ctx, "incident.close");
  const standing = await requireStandingClosure(deps.db, await requireIncident(deps.db, incidentId));
  const updateId = part === "closure" ? standing.updateId : standing.apologyStands ? standing.apologyUpdateId : null;
  if (!updateId) throw new ConflictError("This closure notice has no apology to retract");
  return retractUpdate(deps, ctx, { incidentId, updateId }, input);
}
