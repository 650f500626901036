import { Hono } from "hono";
import { acknowledgeEscalation } from "../../services/escalations/acknowledge.ts";
import { createContact, deleteContact, listContacts, listEscalations } from "../../services/escalations/admin.ts";
import { CreateContact } from "../../services/escalations/schemas.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { noContent, responds } from "../responds.ts";
import { Acknowledged, EscalationContact, EscalationContactList, EscalationList } from "../responses/intake.ts";
import { valid } from "../validate.ts";

/** On-call contacts per component or category, by level. */
export const escalationContactRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), responds(200, EscalationContactList), async (c) =>
    c.json({ contacts: await listContacts(c.get("deps"), serviceContext(c)) }),
  )
  .post("/", authorize("settings.write"), valid("json", CreateContact), responds(201, EscalationContact), async (c) =>
    c.json(await createContact(c.get("deps"), serviceContext(c), c.req.valid("json")), 201),
  )
  .delete("/:id", authorize("settings.write"), valid("param", IdParam), noContent(), async (c) => {
    await deleteContact(c.get("deps"), serviceContext(c), c.req.valid("param").id);
    return c.body(null, 204);
  });

/** Running and past escalations; acknowledging one from the console stops it. */
export const escalationRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), responds(200, EscalationList), async (c) =>
    c.json({ escalations: await listEscalations(c.get("deps")) }),
  )
  .post("/:id/acknowledge", authorize("incident.write"), valid("param", IdParam), responds(200, Acknowledged), async (c) =>
    c.json(await acknowledgeEscalation(c.get("deps"), serviceContext(c), c.req.valid("param").id)),
  );
