import type { APIRoute } from "astro";
import { returnPath } from "../i18n/links.ts";
import { LANG_COOKIE, langParam } from "../i18n/negotiate.ts";
import { pageLanguages } from "../services/settings/languages.ts";

/** The language switcher: remembers the reader's choice for a year and returns them to the page they were on. */
export const GET: APIRoute = async ({ locals, url }) => {
  const languages = await pageLanguages(locals.deps);
  const chosen = langParam(new URLSearchParams({ lang: url.searchParams.get("to") ?? "" }), languages) ?? languages.defaultLanguage;
  const secure = url.protocol === "https:" ? "; Secure" : "";
  return new Response(null, {
    status: 303,
    headers: {
      Location: returnPath(url.searchParams.get("next"), chosen),
      "Set-Cookie": `${LANG_COOKIE}=${chosen}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`,
      "Cache-Control": "no-store",
    },
  });
};
