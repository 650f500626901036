import { bumpContentVersion } from "../../../db/content-version.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { recordAudit } from "../audit/record.ts";
import { requireIncident } from "../incidents/load.ts";
import { insertCommitments } from "./insert.ts";
import type { AddCommitments } from "./schemas.ts";

/** Adds prevention commitments to an incident after its closure (or before, as they emerge). */
export async function addCommitments(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  incidentId: string,
  input: AddCommitments,
): Promise<{ ids: string[] }> {
  authorize(ctx, "incident.close");
  return deps.db.transaction(async (tx) => {
    const inc = await requireIncident(tx, incidentId);
    const ids = await insertCommitments(tx, deps.clock, ctx, incidentId, inc.visibility, input.commitments);
    await recordAudit(tx, deps.clock, ctx, {
      action: "commitment.create",
      resourceType: "incident",
      resourceId: incidentId,
      after: { ids },
    });
    await bumpContentVersion(tx, deps.clock);
    return { ids };
  });
}
