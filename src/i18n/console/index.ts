import { en } from "./en.ts";

export type ConsoleKey = keyof typeof en;
/** A translation of the console: every key of the English catalogue. */
export type ConsoleCatalogue = Record<ConsoleKey, string>;

const catalogue: ConsoleCatalogue = en;

/** A console string by key, with `{name}` placeholders filled from vars. */
export function t(key: ConsoleKey, vars?: Record<string, string | number>): string {
  const text: string = catalogue[key];
  return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : text;
}

const plurals = new Intl.PluralRules("en");

/**
 * A plural console string: the catalogue holds "one:…|other:…" (any of Intl's categories), each with
 * `{count}` and any other placeholders.
 */
export function tp(key: ConsoleKey, count: number, vars: Record<string, string | number> = {}): string {
  const forms = Object.fromEntries(
    catalogue[key].split("|").map((form) => {
      const at = form.indexOf(":");
      return [form.slice(0, at), form.slice(at + 1)];
    }),
  );
  const text = forms[plurals.select(count)] ?? forms.other ?? "";
  const filled: Record<string, string | number> = { count: new Intl.NumberFormat("en").format(count), ...vars };
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in filled ? String(filled[name]) : whole));
}
