import type { Deps } from "../deps.ts";
import { getSettings } from "../services/settings/get.ts";
import { type Translator, translator } from "./index.ts";
import { ENGLISH_ONLY, negotiateLocale, type PageLanguages } from "./negotiate.ts";

/** The page's languages from its settings; English only when the database cannot answer (error pages still render). */
export async function pageLanguages(deps: Deps | undefined): Promise<PageLanguages> {
  if (!deps) return ENGLISH_ONLY;
  const settings = await getSettings(deps).catch(() => undefined);
  return settings ? { defaultLanguage: settings.defaultLanguage, offered: settings.languages } : ENGLISH_ONLY;
}

/** The translator for one public request: ?lang=, else the cookie, else Accept-Language, else the default. */
export async function translatorFor(deps: Deps | undefined, request: Request, url: URL): Promise<Translator> {
  const languages = await pageLanguages(deps);
  const locale = negotiateLocale(
    url,
    { cookie: request.headers.get("cookie"), acceptLanguage: request.headers.get("accept-language") },
    languages,
  );
  return translator(locale);
}
