import type { APIRoute } from "astro";
import { clearSessionCookie, redirectWithCookie } from "../../auth/cookies.ts";
import { logout } from "../../services/auth/logout.ts";

/** POST only: signing out is a state change, so a link or a prefetch cannot do it. */
export const POST: APIRoute = async ({ locals, request }) => {
  if (locals.actor) await logout(locals.deps, { actor: locals.actor, requestId: locals.requestId, ip: locals.ip });
  return redirectWithCookie("/admin/login", clearSessionCookie(request.url));
};
