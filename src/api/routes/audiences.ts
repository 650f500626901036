import { Hono } from "hono";
import { z } from "zod";
import { SLUG_PATTERN } from "../../projection/index.ts";
import { createAudience } from "../../services/audiences/create.ts";
import { deleteAudience } from "../../services/audiences/delete.ts";
import { getAudience, listAudiences } from "../../services/audiences/list.ts";
import { addAudienceMember, removeAudienceMember } from "../../services/audiences/members.ts";
import { AudienceMemberInput, CreateAudience, UpdateAudience } from "../../services/audiences/schemas.ts";
import { updateAudience } from "../../services/audiences/update.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { noContent, responds } from "../responds.ts";
import { Audience, AudienceList, AudienceMember } from "../responses/catalog.ts";
import { valid } from "../validate.ts";

const SlugParam = z.object({ slug: z.string().regex(SLUG_PATTERN, "not an audience slug") });

/** Audiences: stakeholder groups with explicit members or email-domain rules. */
export const audienceRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), responds(200, AudienceList), async (c) => c.json({ audiences: await listAudiences(c.get("deps")) }))
  .get("/:slug", authorize("console.read"), valid("param", SlugParam), responds(200, Audience), async (c) =>
    c.json(await getAudience(c.get("deps"), c.req.valid("param").slug)),
  )
  .post("/", authorize("audience.manage"), valid("json", CreateAudience), responds(201, Audience), async (c) =>
    c.json(await createAudience(c.get("deps"), serviceContext(c), c.req.valid("json")), 201),
  )
  .patch(
    "/:slug",
    authorize("audience.manage"),
    valid("param", SlugParam),
    valid("json", UpdateAudience),
    responds(200, Audience),
    async (c) => c.json(await updateAudience(c.get("deps"), serviceContext(c), c.req.valid("param").slug, c.req.valid("json"))),
  )
  .delete("/:slug", authorize("audience.manage"), valid("param", SlugParam), noContent(), async (c) => {
    await deleteAudience(c.get("deps"), serviceContext(c), c.req.valid("param").slug);
    return c.body(null, 204);
  })
  .post(
    "/:slug/members",
    authorize("audience.manage"),
    valid("param", SlugParam),
    valid("json", AudienceMemberInput),
    responds(201, AudienceMember),
    async (c) => c.json(await addAudienceMember(c.get("deps"), serviceContext(c), c.req.valid("param").slug, c.req.valid("json")), 201),
  )
  .delete(
    "/:slug/members",
    authorize("audience.manage"),
    valid("param", SlugParam),
    valid("json", AudienceMemberInput),
    noContent(),
    async (c) => {
      await removeAudienceMember(c.get("deps"), serviceContext(c), c.req.valid("param").slug, c.req.valid("json"));
      return c.body(null, 204);
    },
  );
