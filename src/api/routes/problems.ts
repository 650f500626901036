import { Hono } from "hono";
import { createProblem } from "../../services/problems/create.ts";
import { getProblem } from "../../services/problems/get.ts";
import { listProblems } from "../../services/problems/list.ts";
import { linkProblem, patchProblem } from "../../services/problems/patch.ts";
import { CreateProblem, LinkProblem, PatchProblem, TransitionProblem } from "../../services/problems/schemas.ts";
import { transitionProblem } from "../../services/problems/transition.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { valid } from "../validate.ts";

/** Problem management: root causes shared by incidents, their fix, and the announcement on close. */
export const problemRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), async (c) => c.json({ problems: await listProblems(c.get("deps")) }))
  .post("/", authorize("incident.close"), valid("json", CreateProblem), async (c) => {
    const { id } = await createProblem(c.get("deps"), serviceContext(c), c.req.valid("json"));
    return c.json(await getProblem(c.get("deps"), id), 201);
  })
  .get("/:id", authorize("console.read"), valid("param", IdParam), async (c) =>
    c.json(await getProblem(c.get("deps"), c.req.valid("param").id)),
  )
  .patch("/:id", authorize("incident.close"), valid("param", IdParam), valid("json", PatchProblem), async (c) => {
    await patchProblem(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"));
    return c.json(await getProblem(c.get("deps"), c.req.valid("param").id));
  })
  .post("/:id/links", authorize("incident.close"), valid("param", IdParam), valid("json", LinkProblem), async (c) => {
    await linkProblem(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"));
    return c.json(await getProblem(c.get("deps"), c.req.valid("param").id));
  })
  .post("/:id/transition", authorize("incident.close"), valid("param", IdParam), valid("json", TransitionProblem), async (c) =>
    c.json(await transitionProblem(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  );
