import { Hono } from "hono";
import { CreateGroup, UpdateGroup } from "../../services/components/schemas.ts";
import { createGroup } from "../../services/groups/create.ts";
import { deleteGroup } from "../../services/groups/delete.ts";
import { getGroup, listGroups } from "../../services/groups/list.ts";
import { updateGroup } from "../../services/groups/update.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { noContent, responds } from "../responds.ts";
import { ComponentGroup, ComponentGroupList } from "../responses/catalog.ts";
import { valid } from "../validate.ts";

/** Component groups: collapsible sections of the page. */
export const componentGroupRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), responds(200, ComponentGroupList), async (c) => c.json({ groups: await listGroups(c.get("deps")) }))
  .get("/:id", authorize("console.read"), valid("param", IdParam), responds(200, ComponentGroup), async (c) =>
    c.json(await getGroup(c.get("deps"), c.req.valid("param").id)),
  )
  .post("/", authorize("component.write"), valid("json", CreateGroup), responds(201, ComponentGroup), async (c) =>
    c.json(await createGroup(c.get("deps"), serviceContext(c), c.req.valid("json")), 201),
  )
  .patch(
    "/:id",
    authorize("component.write"),
    valid("param", IdParam),
    valid("json", UpdateGroup),
    responds(200, ComponentGroup),
    async (c) => c.json(await updateGroup(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  )
  .delete("/:id", authorize("component.write"), valid("param", IdParam), noContent(), async (c) => {
    await deleteGroup(c.get("deps"), serviceContext(c), c.req.valid("param").id);
    return c.body(null, 204);
  });
