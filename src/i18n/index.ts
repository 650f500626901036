import { formatDuration } from "../lib/duration.ts";
import { numberFormat, plural } from "../lib/intl.ts";
import { ar } from "./ar.ts";
import { de } from "./de.ts";
import { en, type MessageKey } from "./en.ts";
import { es } from "./es.ts";
import { fr } from "./fr.ts";
import { ja } from "./ja.ts";
import { DEFAULT_LOCALE, type Locale, textDirection } from "./locales.ts";
import { ptBR } from "./pt-BR.ts";

export type { MessageKey };
export type Catalogue = Record<MessageKey, string>;
export { DEFAULT_LOCALE, isLocale, LOCALES, type Locale, languageNameIn, nativeName, textDirection } from "./locales.ts";

/** Every language's catalogue; add a file with the same keys and one line here (and in LOCALES). */
export const CATALOGUES: Record<Locale, Catalogue> = { en, de, fr, es, "pt-BR": ptBR, ja, ar };

/** Translates a key, filling `{name}`-style placeholders; the reader's locale rides along for Intl. */
export interface Translator {
  (key: MessageKey, vars?: Record<string, string | number>): string;
  locale: Locale;
  dir: "ltr" | "rtl";
  /** A plural message ("one:…|other:…") for `count`. */
  plural(key: MessageKey, count: number): string;
  /** A percentage with the locale's separators and spacing: "99.95%", "99,95 %". */
  percent(value: number, fractionDigits: number): string;
  /** A duration in the locale's words: "3 hr, 5 min", "3 Std., 5 Min.". */
  duration(ms: number): string;
  /** A number with the locale's digits and separators: "2,000", "2.000". */
  number(value: number): string;
}

const made = new Map<string, Translator>();

/** The translator for one locale, made once; unknown locales fall back to English. */
export function translator(locale: string = DEFAULT_LOCALE): Translator {
  const known = (locale in CATALOGUES ? locale : DEFAULT_LOCALE) as Locale;
  const existing = made.get(known);
  if (existing) return existing;
  const catalogue = CATALOGUES[known];
  const t = ((key, vars) => {
    const text = catalogue[key] ?? en[key];
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
  }) as Translator;
  t.locale = known;
  t.dir = textDirection(known);
  t.plural = (key, count) => plural(known, catalogue[key] ?? en[key], count);
  t.percent = (value, fractionDigits) =>
    numberFormat(known, { style: "percent", minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(
      value / 100,
    );
  t.duration = (ms) => formatDuration(ms, known);
  t.number = (value) => numberFormat(known).format(value);
  made.set(known, t);
  return t;
}

/** The default-language translator, for surfaces that stay in one language (the console, /api/v2). */
export const t = translator();
