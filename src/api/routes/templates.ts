import { Hono } from "hono";
import { z } from "zod";
import { createTemplate } from "../../services/templates/create.ts";
import { getTemplate, listTemplates } from "../../services/templates/list.ts";
import { CreateTemplate, UpdateTemplate } from "../../services/templates/schemas.ts";
import { deleteTemplate, updateTemplate } from "../../services/templates/update.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { noContent, responds } from "../responds.ts";
import { Template, TemplateList } from "../responses/catalog.ts";
import { valid } from "../validate.ts";

const Query = z.object({ kind: z.enum(["update", "apology", "closure"]).optional() });

/** Templates for updates (per status), apologies and closure notices. */
export const templateRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), valid("query", Query), responds(200, TemplateList), async (c) =>
    c.json({ templates: await listTemplates(c.get("deps"), c.req.valid("query").kind) }),
  )
  .get("/:id", authorize("console.read"), valid("param", IdParam), responds(200, Template), async (c) =>
    c.json(await getTemplate(c.get("deps"), c.req.valid("param").id)),
  )
  .post("/", authorize("template.manage"), valid("json", CreateTemplate), responds(201, Template), async (c) =>
    c.json(await createTemplate(c.get("deps"), serviceContext(c), c.req.valid("json")), 201),
  )
  .patch("/:id", authorize("template.manage"), valid("param", IdParam), valid("json", UpdateTemplate), responds(200, Template), async (c) =>
    c.json(await updateTemplate(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  )
  .delete("/:id", authorize("template.manage"), valid("param", IdParam), noContent(), async (c) => {
    await deleteTemplate(c.get("deps"), serviceContext(c), c.req.valid("param").id);
    return c.body(null, 204);
  });
