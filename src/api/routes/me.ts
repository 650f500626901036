import { Hono } from "hono";
import { sessionCookie } from "../../auth/cookies.ts";
import { changePassword } from "../../services/team/change-password.ts";
import { ChangePassword } from "../../services/team/schemas.ts";
import { listOwnSessions, revokeOwnSession } from "../../services/team/sessions.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { noContent, responds } from "../responds.ts";
import { Me, PasswordChanged, SessionList } from "../responses/team.ts";
import { valid } from "../validate.ts";

/** The caller: who they are, their password and their sessions. */
export const meRoutes = new Hono<ApiEnv>()
  .use(authorize("console.read"))
  .get("/", responds(200, Me), (c) => {
    const actor = serviceContext(c).actor;
    return c.json(
      actor.type === "member" ? { type: "member", id: actor.id, email: actor.email, name: actor.name, role: actor.role } : actor,
    );
  })
  .post("/password", valid("json", ChangePassword), responds(200, PasswordChanged), async (c) => {
    const session = await changePassword(c.get("deps"), serviceContext(c), c.req.valid("json"), { userAgent: c.req.header("user-agent") });
    c.header("Set-Cookie", sessionCookie(c.req.url, session.token, session.expiresAt));
    return c.json({ ok: true });
  })
  .get("/sessions", responds(200, SessionList), async (c) => c.json({ sessions: await listOwnSessions(c.get("deps"), serviceContext(c)) }))
  .delete("/sessions/:id", valid("param", IdParam), noContent(), async (c) => {
    await revokeOwnSession(c.get("deps"), serviceContext(c), c.req.valid("param").id);
    return c.body(null, 204);
  });
