import { bumpContentVersion } from "../../../db/content-version.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { recordAudit } from "../audit/record.ts";
import type { RemoveTranslation } from "./schemas.ts";
import { requireTranslatable, writeTranslation } from "./target.ts";

/** Removes one translation; readers of that language get the default text with the "not yet translated" note again. */
export async function removeTranslation(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  incidentId: string,
  input: RemoveTranslation,
): Promise<{ removed: boolean }> {
  authorize(ctx, "incident.write");
  return deps.db.transaction(async (tx) => {
    const target = await requireTranslatable(tx, ctx, incidentId, input);
    if (!Object.hasOwn(target.translations, input.language)) return { removed: false };
    await writeTranslation(tx, target, input.language, null);
    await recordAudit(tx, deps.clock, ctx, {
      action: "translation.remove",
      resourceType: input.kind,
      resourceId: input.targetId,
      after: { incidentId, language: input.language },
    });
    await bumpContentVersion(tx, deps.clock);
    return { removed: true };
  });
}
