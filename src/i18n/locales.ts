export const DEFAULT_LOCALE = "en";

/** The languages Clarion ships, as BCP 47 tags; each has a catalogue in src/i18n/<tag>.ts. */
export const LOCALES = ["en", "de", "fr", "es", "pt-BR", "ja", "ar"] as const;
export type Locale = (typeof LOCALES)[number];

const RTL = new Set<string>(["ar"]);

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function textDirection(locale: string): "ltr" | "rtl" {
  return RTL.has(locale) ? "rtl" : "ltr";
}

const names = new Map<string, string>();

/** A language's own name for itself ("Deutsch", "日本語", "العربية"): what a reader looks for in a switcher. */
export function nativeName(locale: Locale): string {
  let name = names.get(locale);
  if (!name) {
    const raw = new Intl.DisplayNames([locale], { type: "language" }).of(locale) ?? locale;
    name = raw.charAt(0).toLocaleUpperCase(locale) + raw.slice(1);
    names.set(locale, name);
  }
  return name;
}

const inReader = new Map<string, string>();

/** A language named in the reader's language ("Englisch" for a German reader, "الإنجليزية" in Arabic): text shown in another language says which. */
export function languageNameIn(reader: Locale, language: string): string {
  const key = `${reader}|${language}`;
  let name = inReader.get(key);
  if (!name) {
    name = new Intl.DisplayNames([reader], { type: "language" }).of(language) ?? language;
    inReader.set(key, name);
  }
  return name;
}
