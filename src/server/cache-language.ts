import type { Locale } from "../i18n/locales.ts";
import { fromAcceptLanguage, langCookie, type PageLanguages } from "../i18n/negotiate.ts";
import type { PublicRoute } from "./cache-routes.ts";

/**
 * Language and the public cache. A page URL with `?lang=` names its language, so its copy is the same
 * for everyone and needs no Vary. A bare page URL negotiates: readers whose cookie or browser asks for
 * another offered language are redirected to `?lang=`; everyone else gets the default-language copy,
 * sent with `Vary: Accept-Language, Cookie` so a CDN that honours Vary never mixes them up.
 */
export const NEGOTIATED_VARY = "Accept-Encoding, Accept-Language, Cookie";

/** True when the normalized query already names a language. */
export function namesLanguage(normalizedQuery: string): boolean {
  return /[?&]lang=/.test(normalizedQuery);
}

/** Whether a bare URL of this route negotiates its language (pages do; feeds, badge and /api/v2 stay in the default). */
export function negotiates(route: PublicRoute, normalizedQuery: string, languages: PageLanguages): boolean {
  return route.renderer === "astro" && languages.offered.length > 1 && !namesLanguage(normalizedQuery);
}

/** The language a bare page URL should redirect to, or undefined when the reader gets the default copy. */
export function negotiatedRedirect(
  cookie: string | null | undefined,
  acceptLanguage: string | null | undefined,
  languages: PageLanguages,
): Locale | undefined {
  const wanted = langCookie(cookie, languages) ?? fromAcceptLanguage(acceptLanguage, languages);
  return wanted && wanted !== languages.defaultLanguage ? wanted : undefined;
}

/** 302 to the same page in the reader's language; personal (depends on headers), so never stored. */
export function languageRedirect(pathname: string, normalizedQuery: string, locale: Locale): Response {
  const query = normalizedQuery ? `${normalizedQuery}&lang=${locale}` : `?lang=${locale}`;
  return new Response(null, {
    status: 302,
    headers: { Location: `${pathname}${query}`, "Cache-Control": "private, no-store", Vary: "Accept-Language, Cookie" },
  });
}
