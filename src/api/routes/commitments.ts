import { Hono } from "hono";
import { listCommitments } from "../../services/commitments/list.ts";
import { TransitionCommitment } from "../../services/commitments/schemas.ts";
import { transitionCommitment } from "../../services/commitments/transition.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { responds } from "../responds.ts";
import { CommitmentBoard, CommitmentTransitioned } from "../responses/closing.ts";
import { valid } from "../validate.ts";

/** Prevention commitments across incidents: the board, and state changes with optional follow-ups. */
export const commitmentRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), responds(200, CommitmentBoard), async (c) =>
    c.json({ commitments: await listCommitments(c.get("deps")) }),
  )
  .post(
    "/:id/transition",
    authorize("incident.close"),
    valid("param", IdParam),
    valid("json", TransitionCommitment),
    responds(200, CommitmentTransitioned),
    async (c) => c.json(await transitionCommitment(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  );
