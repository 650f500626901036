import { Hono } from "hono";
import { inviteMember, listInvitations, revokeInvitation } from "../../services/team/invitations.ts";
import { listMembers } from "../../services/team/members.ts";
import { InviteMember, UpdateMember } from "../../services/team/schemas.ts";
import { updateMember } from "../../services/team/update-member.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { noContent, responds } from "../responds.ts";
import { Invitation, Member, Team } from "../responses/team.ts";
import { valid } from "../validate.ts";

/** Team members and invitations (owners and admins). */
export const teamRoutes = new Hono<ApiEnv>()
  .use(authorize("team.manage"))
  .get("/", responds(200, Team), async (c) =>
    c.json({ members: await listMembers(c.get("deps")), invitations: await listInvitations(c.get("deps")) }),
  )
  .patch("/:id", valid("param", IdParam), valid("json", UpdateMember), responds(200, Member), async (c) =>
    c.json(await updateMember(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  )
  .post("/invitations", valid("json", InviteMember), responds(201, Invitation), async (c) =>
    c.json(await inviteMember(c.get("deps"), serviceContext(c), c.req.valid("json")), 201),
  )
  .delete("/invitations/:id", valid("param", IdParam), noContent(), async (c) => {
    await revokeInvitation(c.get("deps"), serviceContext(c), c.req.valid("param").id);
    return c.body(null, 204);
  });
