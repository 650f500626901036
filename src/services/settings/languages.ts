import type { Deps } from "../../deps.ts";
import { ENGLISH_ONLY, type PageLanguages } from "../../i18n/negotiate.ts";
import { getSettings } from "./get.ts";

/** The page's languages from its settings; English only when the database cannot answer (error pages still render). */
export async function pageLanguages(deps: Deps | undefined): Promise<PageLanguages> {
  if (!deps) return ENGLISH_ONLY;
  const settings = await getSettings(deps).catch(() => undefined);
  return settings ? { defaultLanguage: settings.defaultLanguage, offered: settings.languages } : ENGLISH_ONLY;
}
