import { Hono } from "hono";
import { z } from "zod";
import { ID_PATTERN } from "../../lib/ids.ts";
import { addSubscriber, addWebhookSubscriber } from "../../services/subscribers/add.ts";
import { exportSubscribersCsv } from "../../services/subscribers/export.ts";
import { deliveryHistory, getSubscriber, listSubscribers } from "../../services/subscribers/get.ts";
import { importSubscribers } from "../../services/subscribers/import.ts";
import { getImportJob } from "../../services/subscribers/import-job.ts";
import { AdminCreateSubscriber, AdminCreateWebhook, ImportSubscribers, SUBSCRIBER_STATES } from "../../services/subscribers/schemas.ts";
import { deleteSubscriber, suppressSubscriber } from "../../services/subscribers/suppress.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { noContent, responds } from "../responds.ts";
import { ImportReport, Subscriber, SubscriberPage, SubscribersCsv, SubscriberWithDeliveries } from "../responses/subscribers.ts";
import { valid } from "../validate.ts";

const ListQuery = z.object({
  q: z.string().max(200).optional(),
  state: z.enum(SUBSCRIBER_STATES).optional(),
  after: z.string().regex(ID_PATTERN).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const SuppressBody = z.object({ reason: z.string().min(1).max(200).default("suppressed by an admin") });

/** /api/admin/subscribers: add (email or webhook), import and export CSV, list, get with history, suppress, delete. */
export const subscriberRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), valid("query", ListQuery), responds(200, SubscriberPage), async (c) =>
    c.json(await listSubscribers(c.var.deps, serviceContext(c), c.req.valid("query"))),
  )
  .post("/", authorize("subscriber.manage"), valid("json", AdminCreateSubscriber), responds(201, Subscriber), async (c) =>
    c.json(await addSubscriber(c.var.deps, serviceContext(c), c.req.valid("json")), 201),
  )
  .post("/webhooks", authorize("subscriber.manage"), valid("json", AdminCreateWebhook), responds(201, Subscriber), async (c) =>
    c.json(await addWebhookSubscriber(c.var.deps, serviceContext(c), c.req.valid("json")), 201),
  )
  .post("/import", authorize("subscriber.manage"), valid("json", ImportSubscribers), responds([200, 202], ImportReport), async (c) => {
    const report = await importSubscribers(c.var.deps, serviceContext(c), c.req.valid("json"));
    return c.json(report, report.state === "done" ? 200 : 202);
  })
  .get("/imports/:id", authorize("subscriber.manage"), valid("param", IdParam), responds(200, ImportReport), async (c) =>
    c.json(await getImportJob(c.var.deps, c.req.valid("param").id)),
  )
  .get("/export.csv", authorize("subscriber.manage"), responds(200, SubscribersCsv, "text/csv"), async (c) =>
    c.body(await exportSubscribersCsv(c.var.deps, serviceContext(c)), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="subscribers.csv"',
    }),
  )
  .get("/:id", authorize("console.read"), valid("param", IdParam), responds(200, SubscriberWithDeliveries), async (c) => {
    const { id } = c.req.valid("param");
    const subscriber = await getSubscriber(c.var.deps, serviceContext(c), id);
    return c.json({ ...subscriber, deliveries: await deliveryHistory(c.var.deps, id) });
  })
  .post(
    "/:id/suppress",
    authorize("subscriber.manage"),
    valid("param", IdParam),
    valid("json", SuppressBody),
    responds(200, Subscriber),
    async (c) => {
      await suppressSubscriber(c.var.deps, serviceContext(c), c.req.valid("param").id, c.req.valid("json").reason);
      return c.json(await getSubscriber(c.var.deps, serviceContext(c), c.req.valid("param").id));
    },
  )
  .delete("/:id", authorize("subscriber.manage"), valid("param", IdParam), noContent(), async (c) => {
    await deleteSubscriber(c.var.deps, serviceContext(c), c.req.valid("param").id);
    return c.body(null, 204);
  });
