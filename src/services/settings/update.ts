import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { pageSettings } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { ValidationError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import type { DataDeps } from "../components/shared.ts";
import { ensurePageSettings } from "./ensure.ts";
import { settingsJson } from "./get.ts";
import type { PageSettings, UpdateSettings } from "./schemas.ts";

export async function updateSettings(deps: DataDeps, ctx: ServiceContext, input: UpdateSettings): Promise<PageSettings> {
  authorize(ctx, "settings.write");
  return deps.db.transaction(async (tx) => {
    await ensurePageSettings(tx, deps.clock);
    const [before] = await tx.select().from(pageSettings).where(eq(pageSettings.id, 1));
    if (before && (input.defaultLanguage || input.languages)) {
      const offered = input.languages ?? settingsJson(before).languages;
      if (!offered.includes(input.defaultLanguage ?? settingsJson(before).defaultLanguage)) {
        throw new ValidationError("The default language must be one of the offered languages", [
          { path: "languages", message: "tick the default language too, or choose another default" },
        ]);
      }
    }
    const [row] = await tx
      .update(pageSettings)
      .set({ ...input, updatedAt: deps.clock.now() })
      .where(eq(pageSettings.id, 1))
      .returning();
    if (!row || !before) throw new Error("page settings row missing");
    const json = settingsJson(row);
    await recordAudit(tx, deps.clock, ctx, {
      action: "settings.update",
      resourceType: "page_settings",
      resourceId: "1",
      before: { ...settingsJson(before) },
      after: { ...json },
    });
    await bumpContentVersion(tx, deps.clock);
    return json;
  });
}
