import { Hono } from "hono";
import { CreateToken } from "../../services/team/schemas.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "../../services/tokens/tokens.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { noContent, responds } from "../responds.ts";
import { ApiTokenList, CreatedApiToken } from "../responses/team.ts";
import { valid } from "../validate.ts";

/** API tokens: created with scopes, shown once, revocable. */
export const tokenRoutes = new Hono<ApiEnv>()
  .use(authorize("token.manage"))
  .get("/", responds(200, ApiTokenList), async (c) => c.json({ tokens: await listApiTokens(c.get("deps")) }))
  .post("/", valid("json", CreateToken), responds(201, CreatedApiToken), async (c) =>
    c.json(await createApiToken(c.get("deps"), serviceContext(c), c.req.valid("json")), 201),
  )
  .delete("/:id", valid("param", IdParam), noContent(), async (c) => {
    await revokeApiToken(c.get("deps"), serviceContext(c), c.req.valid("param").id);
    return c.body(null, 204);
  });
