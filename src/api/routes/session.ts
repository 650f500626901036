import { Hono } from "hono";
import { clearSessionCookie, sessionCookie } from "../../auth/cookies.ts";
import { login } from "../../services/auth/login.ts";
import { logout } from "../../services/auth/logout.ts";
import { Login } from "../../services/team/schemas.ts";
import type { ApiEnv } from "../app.ts";
import { serviceContext } from "../middleware/auth.ts";
import { noContent, responds } from "../responds.ts";
import { LoggedIn } from "../responses/team.ts";
import { valid } from "../validate.ts";

/** `POST /api/admin/session` (email + password → cookie) and `DELETE` for the console and scripts. */
export const sessionRoutes = new Hono<ApiEnv>()
  .post("/", valid("json", Login), responds(201, LoggedIn), async (c) => {
    const { actor, session } = await login(c.get("deps"), c.req.valid("json"), {
      ip: c.get("ip"),
      userAgent: c.req.header("user-agent"),
      requestId: c.get("requestId"),
    });
    c.header("Set-Cookie", sessionCookie(c.req.url, session.token, session.expiresAt));
    return c.json(
      { member: { id: actor.id, email: actor.email, name: actor.name, role: actor.role }, expiresAt: session.expiresAt.toISOString() },
      201,
    );
  })
  .delete("/", noContent(), async (c) => {
    if (c.get("actor")) await logout(c.get("deps"), serviceContext(c));
    c.header("Set-Cookie", clearSessionCookie(c.req.url));
    return c.body(null, 204);
  });
