import { bumpContentVersion } from "../../../db/content-version.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import { requireIncident } from "../incidents/load.ts";
import { assertMayPublishRestricted, assertMayWriteIncident, checkVariants } from "../incidents/rules.ts";
import { assertMayWriteClosure, requireUpdate } from "./load.ts";
import type { EditUpdate } from "./schemas.ts";
import { reviseMessages } from "./write.ts";

/**
 * Corrects an update's words: the current messages become a stored revision the team can
 * read, and the new words replace them. Subscribers are not told again (retract does that).
 */
export async function editUpdate(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  ids: { incidentId: string; updateId: string },
  input: EditUpdate,
): Promise<{ id: string; revision: number }> {
  authorize(ctx, "incident.write");
  return deps.db.transaction(async (tx) => {
    const inc = await requireIncident(tx, ids.incidentId, "any");
    assertMayWriteIncident(ctx, inc.visibility);
    const { row, messages } = await requireUpdate(tx, ids.incidentId, ids.updateId);
    if (row.retractedAt) throw new ConflictError("A retracted update cannot be edited");
    assertMayWriteClosure(ctx, row.kind);
    const hadVariants = messages.some((m) => m.kind === "variant");
    if (input.variants.length || hadVariants) assertMayPublishRestricted(ctx, "audience variants");
    await checkVariants(tx, inc.visibility, input.variants);
    const internalNote = input.internalNote === undefined ? messages.find((m) => m.kind === "internal")?.body : input.internalNote;
    const revision = await reviseMessages(tx, deps.clock, ctx.actor.id, row, messages, { ...input, internalNote });
    await recordAudit(tx, deps.clock, ctx, {
      action: "update.edit",
      resourceType: "incident_update",
      resourceId: row.id,
      before: { revision: row.revision },
      after: { revision, incidentId: ids.incidentId, variants: input.variants.map((v) => v.audience) },
    });
    await bumpContentVersion(tx, deps.clock);
    return { id: row.id, revision };
  });
}
