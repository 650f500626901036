import type { AstroGlobal } from "astro";
import type { ServiceContext } from "./context.ts";
import { type Action, type Actor, can } from "./permissions.ts";

/**
 * The console pages' guard: a signed-in member who may do `action`, or a Response to return
 * (a redirect to sign in, or a 403 page). Every console page calls it first.
 */
export function guardPage(Astro: AstroGlobal, action: Action): Actor | Response {
  const actor = Astro.locals.actor;
  if (!actor) {
    const next = Astro.url.pathname + Astro.url.search;
    return Astro.redirect(`/admin/login?next=${encodeURIComponent(next)}`, 303);
  }
  if (!can(actor, action)) return forbiddenPage("Your role does not allow this page.");
  return actor;
}

/** The console's 403 page: what was refused, in words, and what to do next. */
export function forbiddenPage(reason: string): Response {
  const text = reason.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return new Response(
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>Not allowed</title><body><main><h1>Not allowed</h1><p>${text} Ask an owner or admin for access, or <a href="/admin">go back to the console</a>.</p></main></body></html>`,
    { status: 403, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } },
  );
}

/** The service context of a console page's request: who acts, and the request's id and address for the audit log. */
export function pageContext(Astro: AstroGlobal, actor: Actor): ServiceContext {
  return { actor, requestId: Astro.locals.requestId, ip: Astro.locals.ip };
}
