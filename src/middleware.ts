import { defineMiddleware } from "astro:middleware";
import { clearSessionCookie, readSessionCookie, sessionCookie } from "./auth/cookies.ts";
import { isExemptFromOriginCheck, passesOriginCheck } from "./auth/origin.ts";
import { validateSession } from "./auth/sessions.ts";
import { t as english } from "./i18n/index.ts";
import { translatorFor } from "./i18n/request.ts";
import { pageLanguages } from "./services/settings/languages.ts";

/**
 * For every page: refuse cross-origin form posts (Astro's own checkOrigin is off so that one
 * rule covers pages and the API alike), and resolve the console session into locals.actor.
 */
export const onRequest = defineMiddleware(async (context, next) => {
  const { deps } = context.locals;
  const { request, url } = context;
  if (!isExemptFromOriginCheck(url.pathname) && !passesOriginCheck(request, deps.env.PUBLIC_URL)) {
    return new Response("This form was sent from another site, so it was refused. Go back, reload the page and try again.", {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  context.locals.actor = null;
  // The console and the API stay in the page's base language; public pages speak the reader's.
  context.locals.t = /^\/(admin|api)(\/|$)/.test(url.pathname) ? english : translatorFor(request, url, await pageLanguages(deps));
  const token = url.pathname.startsWith("/admin") ? readSessionCookie(request) : undefined;
  let setCookie: string | undefined;
  if (token) {
    const valid = await validateSession(deps, token);
    context.locals.actor = valid?.actor ?? null;
    if (!valid) setCookie = clearSessionCookie(request.url);
    else if (valid.renewed) setCookie = sessionCookie(request.url, token, valid.expiresAt);
  }
  const response = await next();
  if (setCookie) response.headers.append("Set-Cookie", setCookie);
  if (context.locals.actor) {
    response.headers.set("Cache-Control", "no-store");
    response.headers.set("X-Robots-Tag", "noindex");
  }
  return response;
});
