import type { Locale } from "./locales.ts";

/**
 * The switcher's link for one language: /lang remembers the choice in a cookie and sends the reader
 * back to the same page with ?lang= (a plain link, so it works without JavaScript).
 */
export function switcherLink(locale: Locale, current: URL): string {
  const params = new URLSearchParams(current.search);
  params.delete("lang");
  const rest = params.toString();
  const next = `${current.pathname}${rest ? `?${rest}` : ""}`;
  return `/lang?${new URLSearchParams({ to: locale, next }).toString()}`;
}

/** Where /lang sends the reader: a path on this site only (never "//elsewhere" or "https://…"), with ?lang= set. */
export function returnPath(next: string | null, locale: Locale): string {
  const safe = next && /^\/(?![/\\])/.test(next) ? next : "/";
  const url = new URL(safe, "http://local");
  url.searchParams.set("lang", locale);
  return `${url.pathname}${url.search}`;
}

/** A public form's action with the reader's language, so the answer to a POST (an error, a thank-you) is in the language the form was in. */
export function formAction(path: string, locale: Locale): string {
  return `${path}?lang=${encodeURIComponent(locale)}`;
}
