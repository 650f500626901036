import { eq } from "drizzle-orm";
import { incidentUpdate, message, updateRevision } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";
import { bumpContentVersion } from "../content-version.ts";
import { requireIncident } from "../incidents/load.ts";
import { assertMayPublishRestricted, assertMayWriteIncident, checkVariants } from "../incidents/rules.ts";
import { requireUpdate } from "./load.ts";
import type { EditUpdate } from "./schemas.ts";
import { insertMessages } from "./write.ts";

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
    const hadVariants = messages.some((m) => m.kind === "variant");
    if (input.variants.length || hadVariants) assertMayPublishRestricted(ctx, "audience variants");
    await checkVariants(tx, inc.visibility, input.variants);
    await tx.insert(updateRevision).values({
      id: newId(),
      updateId: row.id,
      revision: row.revision,
      status: row.status,
      messages: messages.map((m) => ({ kind: m.kind, audienceSlug: m.audienceSlug, body: m.body })),
      editedBy: ctx.actor.id,
      createdAt: deps.clock.now(),
    });
    const internalNote = input.internalNote === undefined ? messages.find((m) => m.kind === "internal")?.body : input.internalNote;
    await tx.delete(message).where(eq(message.updateId, row.id));
    await insertMessages(tx, deps.clock, row.id, { body: input.body, variants: input.variants, internalNote });
    const revision = row.revision + 1;
    await tx.update(incidentUpdate).set({ revision, updatedAt: deps.clock.now() }).where(eq(incidentUpdate.id, row.id));
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
