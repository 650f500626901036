import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { incidentUpdate } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError, ValidationError } from "../../lib/errors.ts";
import { enqueueNotification } from "../../notify/outbox.ts";
import { recordAudit } from "../audit/record.ts";
import { enqueueDrillMail } from "../incidents/drill-mail.ts";
import { requireIncident } from "../incidents/load.ts";
import { assertMayWriteIncident } from "../incidents/rules.ts";
import { assertMayWriteClosure, requireUpdate } from "./load.ts";
import type { RetractUpdate } from "./schemas.ts";
import { insertUpdate } from "./write.ts";

/**
 * Withdraws an update from every view. If anyone outside the team could have read it (or, in a drill,
 * would have), a public correction note is required and posted in its place (and announced unless
 * notify is false: to subscribers, or for a drill to the team).
 */
export async function retractUpdate(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  ids: { incidentId: string; updateId: string },
  input: RetractUpdate,
): Promise<{ id: string; correctionId: string | null }> {
  authorize(ctx, "incident.write");
  return deps.db.transaction(async (tx) => {
    const inc = await requireIncident(tx, ids.incidentId, "any");
    assertMayWriteIncident(ctx, inc.visibility);
    const { row, messages } = await requireUpdate(tx, ids.incidentId, ids.updateId);
    if (row.retractedAt) throw new ConflictError("This update is already retracted");
    assertMayWriteClosure(ctx, row.kind);
    const shown = !inc.draft && messages.some((m) => m.kind !== "internal");
    // A drill practises the real flow: what would have been published needs its correction, told to the team.
    const wasPublished = shown && (inc.visibility !== "internal" || inc.drill);
    if (wasPublished && !input.correction) {
      throw new ValidationError("A published update needs a correction note", [
        {
          path: "correction",
          message: inc.drill ? "required: in a real incident this update was published" : "required: the update was published",
        },
      ]);
    }
    await tx
      .update(incidentUpdate)
      .set({ retractedAt: deps.clock.now(), updatedAt: deps.clock.now() })
      .where(eq(incidentUpdate.id, row.id));
    let correctionId: string | null = null;
    if (wasPublished && input.correction) {
      correctionId = await insertUpdate(tx, deps.clock, {
        incidentId: inc.id,
        kind: "correction",
        status: inc.status,
        body: input.correction,
        variants: [],
        components: [],
        notify: input.notify,
        authorId: memberIdOf(ctx.actor),
      });
      if (input.notify && inc.drill) await enqueueDrillMail(tx, deps, inc, { status: inc.status, body: `Correction: ${input.correction}` });
      else if (input.notify)
        await enqueueNotification(tx, deps.clock, { kind: "incident.updated", incidentId: inc.id, updateId: correctionId });
    }
    await recordAudit(tx, deps.clock, ctx, {
      action: "update.retract",
      resourceType: "incident_update",
      resourceId: row.id,
      after: { incidentId: inc.id, correctionId },
    });
    await bumpContentVersion(tx, deps.clock);
    return { id: row.id, correctionId };
  });
}
