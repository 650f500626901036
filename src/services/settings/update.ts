import { eq } from "drizzle-orm";
import { pageSettings } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { recordAudit } from "../audit/record.ts";
import type { DataDeps } from "../components/shared.ts";
import { bumpContentVersion } from "../content-version.ts";
import { ensurePageSettings } from "./ensure.ts";
import { settingsJson } from "./get.ts";
import type { PageSettings, UpdateSettings } from "./schemas.ts";

export async function updateSettings(deps: DataDeps, ctx: ServiceContext, input: UpdateSettings): Promise<PageSettings> {
  authorize(ctx, "settings.write");
  return deps.db.transaction(async (tx) => {
    await ensurePageSettings(tx, deps.clock);
    const [before] = await tx.select().from(pageSettings).where(eq(pageSettings.id, 1));
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
