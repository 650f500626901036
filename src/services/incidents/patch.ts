import { and, eq, isNull } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { incident, incidentUpdate, message } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { ValidationError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import { linkedComponents } from "../updates/write.ts";
import { requireIncident } from "./load.ts";
import {
  assertMayPublishRestricted,
  assertMayWriteIncident,
  checkComponents,
  checkOwner,
  checkVariants,
  storedVisibility,
} from "./rules.ts";
import type { PatchIncident } from "./schemas.ts";

/** Changes title, impact, owner, category, priority or visibility; a visibility change is audited as such. */
export async function patchIncident(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, id: string, input: PatchIncident) {
  authorize(ctx, "incident.write");
  return deps.db.transaction(async (tx) => {
    const before = await requireIncident(tx, id, "any");
    assertMayWriteIncident(ctx, before.visibility);
    const changes: Partial<typeof incident.$inferInsert> = { ...input, visibility: undefined, updatedAt: deps.clock.now() };
    if (input.visibility !== undefined) {
      const visibility = await storedVisibility(tx, input.visibility);
      if (before.drill && visibility !== "internal")
        throw new ValidationError("A drill is for the team only", [
          { path: "visibility", message: "a drill stays visible to the team only; declare a real incident to tell others" },
        ]);
      if (visibility !== before.visibility) {
        assertMayPublishRestricted(ctx, "changing visibility");
        await checkComponents(tx, visibility, await linkedComponents(tx, id));
        const variants = (
          await tx
            .select({ audience: message.audienceSlug })
            .from(message)
            .innerJoin(incidentUpdate, eq(message.updateId, incidentUpdate.id))
            .where(and(eq(incidentUpdate.incidentId, id), eq(message.kind, "variant"), isNull(incidentUpdate.retractedAt)))
        ).map((r) => ({ audience: r.audience as string }));
        await checkVariants(tx, visibility, variants).catch(() => {
          throw new ValidationError("Existing variants name audiences that could no longer see the incident", [
            { path: "visibility", message: "narrower than the audiences of existing variants" },
          ]);
        });
        changes.visibility = visibility;
      }
    }
    await checkOwner(tx, input.ownerId);
    const [after] = await tx.update(incident).set(changes).where(eq(incident.id, id)).returning();
    const visibilityChanged = changes.visibility !== undefined;
    await recordAudit(tx, deps.clock, ctx, {
      action: visibilityChanged ? "incident.visibility_change" : "incident.edit",
      resourceType: before.kind,
      resourceId: id,
      before: pick(before, Object.keys(input)),
      after: pick(after as typeof before, Object.keys(input)),
    });
    await bumpContentVersion(tx, deps.clock);
    return after as typeof before;
  });
}

function pick(row: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}
