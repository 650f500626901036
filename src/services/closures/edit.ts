import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { closure } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { can, memberIdOf } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { ForbiddenError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import { requireIncident } from "../incidents/load.ts";
import { assertMayPublishRestricted, assertMayWriteIncident, checkVariants } from "../incidents/rules.ts";
import { requireUpdate } from "../updates/load.ts";
import { reviseMessages } from "../updates/write.ts";
import type { EditClosure } from "./schemas.ts";
import { insertApology, requireStandingClosure } from "./standing.ts";

/**
 * Corrects the closure in force: the summary's and the apology's steps get new words (the old
 * ones kept as revisions). A closure without a standing apology gains one as a new step.
 */
export async function editClosure(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  incidentId: string,
  input: EditClosure,
): Promise<{ updateId: string; apologyUpdateId: string | null }> {
  authorize(ctx, "incident.close");
  if (!can(ctx.actor, "incident.close")) throw new ForbiddenError("Your role or token scopes do not allow incident.close");
  return deps.db.transaction(async (tx) => {
    const inc = await requireIncident(tx, incidentId);
    assertMayWriteIncident(ctx, inc.visibility);
    const standing = await requireStandingClosure(tx, inc);
    const summary = await requireUpdate(tx, incidentId, standing.updateId);
    await reviseMessages(tx, deps.clock, ctx.actor.id, summary.row, summary.messages, {
      body: input.summary,
      variants: [],
      internalNote: summary.messages.find((m) => m.kind === "internal")?.body,
    });
    const apology = { body: input.apology ?? null, variants: input.apologyVariants };
    const current =
      standing.apologyStands && standing.apologyUpdateId ? await requireUpdate(tx, incidentId, standing.apologyUpdateId) : null;
    if (apology.variants.length || current?.messages.some((m) => m.kind === "variant")) assertMayPublishRestricted(ctx, "apology variants");
    await checkVariants(tx, inc.visibility, apology.variants, "apologyVariants");
    let apologyUpdateId = current?.row.id ?? null;
    if (current) await reviseMessages(tx, deps.clock, ctx.actor.id, current.row, current.messages, apology);
    else {
      apologyUpdateId = await insertApology(tx, deps.clock, incidentId, apology.body, apology.variants, memberIdOf(ctx.actor));
      await tx.update(closure).set({ apologyUpdateId }).where(eq(closure.incidentId, incidentId));
    }
    await recordAudit(tx, deps.clock, ctx, {
      action: "closure.edit",
      resourceType: "incident",
      resourceId: incidentId,
      after: {
        updateId: standing.updateId,
        apologyUpdateId,
        apology: Boolean(apology.body),
        apologyVariants: apology.variants.map((v) => v.audience),
      },
    });
    await bumpContentVersion(tx, deps.clock);
    return { updateId: standing.updateId, apologyUpdateId };
  });
}
