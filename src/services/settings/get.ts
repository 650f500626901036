import { eq } from "drizzle-orm";
import { pageSettings } from "../../../db/schema/index.ts";
import { DEFAULT_LOCALE, isLocale, LOCALES } from "../../i18n/locales.ts";
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
    ...languagesOf(row),
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

/** Stored languages, read defensively: unknown tags are dropped and the default is always offered. */
function languagesOf(row: typeof pageSettings.$inferSelect): Pick<PageSettings, "defaultLanguage" | "languages"> {
  const defaultLanguage = isLocale(row.defaultLanguage) ? row.defaultLanguage : DEFAULT_LOCALE;
  const stored = Array.isArray(row.languages) ? row.languages : [];
  return { defaultLanguage, languages: LOCALES.filter((l) => l === defaultLanguage || stored.includes(l)) };
}
