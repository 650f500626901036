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
import { responds } from "../responds.ts";
import { Problem, ProblemList, ProblemTransitioned } from "../responses/closing.ts";
import { valid } from "../validate.ts";

/** Problem management: root causes shared by incidents, their fix, and the announcement on close. */
export const problemRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), responds(200, ProblemList), async (c) => c.json({ problems: await listProblems(c.get("deps")) }))
  .post("/", authorize("incident.close"), valid("json", CreateProblem), responds(201, Problem), async (c) => {
    const { id } = await createProblem(c.get("deps"), serviceContext(c), c.req.valid("json"));
    return c.json(await getProblem(c.get("deps"), id), 201);
  })
  .get("/:id", authorize("console.read"), valid("param", IdParam), responds(200, Problem), async (c) =>
    c.json(await getProblem(c.get("deps"), c.req.valid("param").id)),
  )
  .patch("/:id", authorize("incident.close"), valid("param", IdParam), valid("json", PatchProblem), responds(200, Problem), async (c) => {
    await patchProblem(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"));
    return c.json(await getProblem(c.get("deps"), c.req.valid("param").id));
  })
  .post(
    "/:id/links",
    authorize("incident.close"),
    valid("param", IdParam),
    valid("json", LinkProblem),
    responds(200, Problem),
    async (c) => {
      await linkProblem(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"));
      return c.json(await getProblem(c.get("deps"), c.req.valid("param").id));
    },
  )
  .post(
    "/:id/transition",
    authorize("incident.close"),
    valid("param", IdParam),
    valid("json", TransitionProblem),
    responds(200, ProblemTransitioned),
    async (c) => c.json(await transitionProblem(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  );
