const english = new Intl.DisplayNames(["en"], { type: "language" });

/** A language as the (English) console names it: "German", "Brazilian Portuguese". */
export const languageLabel = (tag: string): string => english.of(tag) ?? tag;
