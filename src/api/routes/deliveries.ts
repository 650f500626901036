import { Hono } from "hono";
import { z } from "zod";
import { ID_PATTERN } from "../../lib/ids.ts";
import { listDeadLetters } from "../../services/deliveries/dead-letters.ts";
import { retryDeadLetter } from "../../services/deliveries/retry.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { responds } from "../responds.ts";
import { DeadLetterList, Retried } from "../responses/subscribers.ts";
import { valid } from "../validate.ts";

const Target = z.object({ type: z.enum(["batch", "email"]), id: z.string().regex(ID_PATTERN, "not an id") });

/** /api/admin/deliveries: dead letters and their retry (a new Idempotency-Key). */
export const deliveryRoutes = new Hono<ApiEnv>()
  .get("/dead", authorize("console.read"), responds(200, DeadLetterList), async (c) =>
    c.json({ deadLetters: await listDeadLetters(c.var.deps) }),
  )
  .post("/dead/:type/:id/retry", authorize("subscriber.manage"), valid("param", Target), responds(200, Retried), async (c) => {
    const { type, id } = c.req.valid("param");
    return c.json(await retryDeadLetter(c.var.deps, serviceContext(c), type, id));
  });
