import { Hono } from "hono";
import { createRule, deleteRule, listRules, updateRule } from "../../services/intake/rules-admin.ts";
import { CreateRule, CreateSource, UpdateRule } from "../../services/intake/schemas.ts";
import { createSource, listSources, revokeSource } from "../../services/intake/sources.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { noContent, responds } from "../responds.ts";
import { CreatedIntakeSource, IntakeRule, IntakeRuleList, IntakeSourceList } from "../responses/intake.ts";
import { valid } from "../validate.ts";

/** Intake sources: each gets a token `clarion_in_…`, shown once. */
export const intakeSourceRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), responds(200, IntakeSourceList), async (c) => c.json({ sources: await listSources(c.get("deps")) }))
  .post("/", authorize("settings.write"), valid("json", CreateSource), responds(201, CreatedIntakeSource), async (c) =>
    c.json(await createSource(c.get("deps"), serviceContext(c), c.req.valid("json")), 201),
  )
  .delete("/:id", authorize("settings.write"), valid("param", IdParam), noContent(), async (c) => {
    await revokeSource(c.get("deps"), serviceContext(c), c.req.valid("param").id);
    return c.body(null, 204);
  });

/** Rules: label matchers → components and an action. */
export const intakeRuleRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), responds(200, IntakeRuleList), async (c) => c.json({ rules: await listRules(c.get("deps")) }))
  .post("/", authorize("settings.write"), valid("json", CreateRule), responds(201, IntakeRule), async (c) =>
    c.json(await createRule(c.get("deps"), serviceContext(c), c.req.valid("json")), 201),
  )
  .put("/:id", authorize("settings.write"), valid("param", IdParam), valid("json", UpdateRule), responds(200, IntakeRule), async (c) =>
    c.json(await updateRule(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  )
  .delete("/:id", authorize("settings.write"), valid("param", IdParam), noContent(), async (c) => {
    await deleteRule(c.get("deps"), serviceContext(c), c.req.valid("param").id);
    return c.body(null, 204);
  });
