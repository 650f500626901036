import { bumpContentVersion } from "../../../db/content-version.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { recordAudit } from "../audit/record.ts";
import { pageLanguages } from "../settings/languages.ts";
import type { SetTranslation } from "./schemas.ts";
import { checkLanguage, requireTranslatable, writeTranslation } from "./target.ts";

/**
 * Adds or replaces one text's translation into one offered language. Readers of that language
 * get it wherever they may read the text itself; subscribers get it in mail already queued.
 */
export async function setTranslation(
  deps: Deps,
  ctx: ServiceContext,
  incidentId: string,
  input: SetTranslation,
): Promise<{ kind: string; targetId: string; language: string; created: boolean }> {
  authorize(ctx, "incident.write");
  checkLanguage(input.language, await pageLanguages(deps));
  return deps.db.transaction(async (tx) => {
    const target = await requireTranslatable(tx, ctx, incidentId, input);
    const created = !Object.hasOwn(target.translations, input.language);
    await writeTranslation(tx, target, input.language, input.body);
    await recordAudit(tx, deps.clock, ctx, {
      action: created ? "translation.add" : "translation.edit",
      resourceType: input.kind,
      resourceId: input.targetId,
      after: { incidentId, language: input.language },
    });
    await bumpContentVersion(tx, deps.clock);
    return { kind: input.kind, targetId: input.targetId, language: input.language, created };
  });
}
