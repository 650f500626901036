import { Hono } from "hono";
import { createComponent } from "../../services/components/create.ts";
import { deleteComponent } from "../../services/components/delete.ts";
import { getComponent, listComponents } from "../../services/components/list.ts";
import { CreateComponent, UpdateComponent } from "../../services/components/schemas.ts";
import { updateComponent } from "../../services/components/update.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { noContent, responds } from "../responds.ts";
import { Component, ComponentList } from "../responses/catalog.ts";
import { valid } from "../validate.ts";

/** Components: what the page reports on. Reading needs console.read, writing component.write. */
export const componentRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), responds(200, ComponentList), async (c) =>
    c.json({ components: await listComponents(c.get("deps")) }),
  )
  .get("/:id", authorize("console.read"), valid("param", IdParam), responds(200, Component), async (c) =>
    c.json(await getComponent(c.get("deps"), c.req.valid("param").id)),
  )
  .post("/", authorize("component.write"), valid("json", CreateComponent), responds(201, Component), async (c) =>
    c.json(await createComponent(c.get("deps"), serviceContext(c), c.req.valid("json")), 201),
  )
  .patch(
    "/:id",
    authorize("component.write"),
    valid("param", IdParam),
    valid("json", UpdateComponent),
    responds(200, Component),
    async (c) => c.json(await updateComponent(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  )
  .delete("/:id", authorize("component.write"), valid("param", IdParam), noContent(), async (c) => {
    await deleteComponent(c.get("deps"), serviceContext(c), c.req.valid("param").id);
    return c.body(null, 204);
  });
