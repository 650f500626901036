import type { Context, MiddlewareHandler } from "hono";
import { validateApiToken } from "../../auth/api-tokens.ts";
import type { ServiceContext } from "../../auth/context.ts";
import { clearSessionCookie, readSessionCookie, sessionCookie } from "../../auth/cookies.ts";
import { isExemptFromOriginCheck, passesOriginCheck } from "../../auth/origin.ts";
import { type Action, can } from "../../auth/permissions.ts";
import { validateSession } from "../../auth/sessions.ts";
import { AppError, ForbiddenError, UnauthorizedError } from "../../lib/errors.ts";
import type { ApiEnv } from "../app.ts";

/**
 * Resolves who is calling: a bearer API token, or a session cookie. Cookie requests that
 * change state must pass the origin check (bearer requests cannot be forged by a browser).
 */
export const authenticate: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const deps = c.get("deps");
  c.set("actor", null);
  const auth = c.req.header("authorization");
  if (auth) {
    const [scheme, token] = auth.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) throw new UnauthorizedError("Use Authorization: Bearer <token>");
    const actor = await validateApiToken(deps, token);
    if (!actor) throw new UnauthorizedError("The API token is unknown, expired or revoked");
    c.set("actor", actor);
    return next();
  }
  const cookie = readSessionCookie(c.req.raw);
  if (cookie) {
    if (!isExemptFromOriginCheck(c.req.path) && !passesOriginCheck(c.req.raw, deps.env.PUBLIC_URL)) {
      throw new AppError("origin_mismatch", "Cross-origin request refused: send it from the console or use an API token");
    }
    const valid = await validateSession(deps, cookie);
    if (valid) {
      c.set("actor", valid.actor);
      if (valid.renewed) c.header("Set-Cookie", sessionCookie(c.req.url, cookie, valid.expiresAt), { append: true });
    } else {
      c.header("Set-Cookie", clearSessionCookie(c.req.url), { append: true });
    }
  }
  return next();
};

/** 401 without an actor, 403 when the actor may not do this. Carries its action so tests can list every route's rule. */
export function authorize(action: Action): MiddlewareHandler<ApiEnv> & { action: Action } {
  const middleware: MiddlewareHandler<ApiEnv> = async (c, next) => {
    const actor = c.get("actor");
    if (!actor) throw new UnauthorizedError();
    if (!can(actor, action)) throw new ForbiddenError(`Your role or token scopes do not allow ${action}`);
    return next();
  };
  return Object.assign(middleware, { action });
}

/** The service context of an authorized request. */
export function serviceContext(c: Context<ApiEnv>): ServiceContext {
  const actor = c.get("actor");
  if (!actor) throw new UnauthorizedError();
  return { actor, requestId: c.get("requestId"), ip: c.get("ip") };
}
