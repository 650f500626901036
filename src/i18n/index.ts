import { en, type MessageKey } from "./en.ts";

export type { MessageKey };
export type Catalogue = Record<MessageKey, string>;

/** Every language's catalogue; add a file with the same keys and one line here. */
const CATALOGUES: Record<string, Catalogue> = { en };

export const DEFAULT_LOCALE = "en";

/** A translator for one locale; unknown locales fall back to English. */
export function translator(locale = DEFAULT_LOCALE): (key: MessageKey) => string {
  const catalogue = CATALOGUES[locale] ?? en;
  return (key) => catalogue[key] ?? en[key];
}

export const t = translator();
