import { eq } from "drizzle-orm";
import { pageSettings } from "../../../db/schema/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { ensurePageSettings } from "./ensure.ts";
import type { PageSettings } from "./schemas.ts";

export function settingsJson(row: typeof pageSettings.$inferSelect): PageSettings {
  return {
    pageId: row.pageId,
    name: row.name,
    logoUrl: row.logoUrl,
    brandColor: row.brandColor,
    timeZone: row.timeZone,
    supportUrl: row.supportUrl,
    footerLinks: row.footerLinks,
    collapseGroupsAbove: row.collapseGroupsAbove,
    theme: row.theme,
    customCss: row.customCss,
    showPoweredBy: row.showPoweredBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The page's settings; the row is created on first read so a fresh database works. */
export async function getSettings(deps: DataDeps): Promise<PageSettings> {
  let [row] = await deps.db.select().from(pageSettings).where(eq(pageSettings.id, 1));
  if (!row?.pageId) {
    await ensurePageSettings(deps.db, deps.clock);
    [row] = await deps.db.select().from(pageSettings).where(eq(pageSettings.id, 1));
  }
  if (!row) throw new Error("page settings row missing");
  return settingsJson(row);
}
