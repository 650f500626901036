import { DEFAULT_LOCALE, isLocale, type Locale } from "./locales.ts";

/** The cookie that remembers a reader's explicit choice (set by /lang, read on every public page). */
export const LANG_COOKIE = "clarion_lang";

/** Which languages the page offers: settings → languages (src/services/settings). */
export interface PageLanguages {
  defaultLanguage: Locale;
  offered: readonly Locale[];
}

export const ENGLISH_ONLY: PageLanguages = { defaultLanguage: DEFAULT_LOCALE, offered: [DEFAULT_LOCALE] };

/** `?lang=de` when it names an offered language, else undefined (an unknown value is ignored, not an error). */
export function langParam(search: string | URLSearchParams, languages: PageLanguages): Locale | undefined {
  const value = (typeof search === "string" ? new URLSearchParams(search) : search).get("lang");
  return offered(value, languages);
}

/** The reader's remembered choice, when the cookie names an offered language. */
export function langCookie(cookieHeader: string | null | undefined, languages: PageLanguages): Locale | undefined {
  if (!cookieHeader?.includes(LANG_COOKIE)) return undefined;
  const match = new RegExp(`(?:^|;\\s*)${LANG_COOKIE}=([^;]*)`).exec(cookieHeader);
  return offered(match?.[1], languages);
}

/**
 * The best offered language for an Accept-Language header: exact tag first, then the primary
 * subtag ("pt-PT" → pt-BR, "de-AT" → de), in the header's q order.
 */
export function fromAcceptLanguage(header: string | null | undefined, languages: PageLanguages): Locale | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    if (tag === "*") return languages.defaultLanguage;
    const exact = languages.offered.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const primary = tag.split("-")[0];
    const close = languages.offered.find((l) => l.toLowerCase().split("-")[0] === primary);
    if (close) return close;
  }
  return undefined;
}

/** A reader's language: explicit choice in the URL, else the cookie, else Accept-Language, else the page's default. */
export function negotiateLocale(
  url: URL,
  headers: { cookie?: string | null; acceptLanguage?: string | null },
  languages: PageLanguages,
): Locale {
  return (
    langParam(url.searchParams, languages) ??
    langCookie(headers.cookie, languages) ??
    fromAcceptLanguage(headers.acceptLanguage, languages) ??
    languages.defaultLanguage
  );
}

function offered(value: string | null | undefined, languages: PageLanguages): Locale | undefined {
  if (!value) return undefined;
  const decoded = value.trim();
  return isLocale(decoded) && languages.offered.includes(decoded) ? decoded : undefined;
}
