import { Hono } from "hono";
import { NotFoundError } from "../../lib/errors.ts";
import { getIncidentForTeam } from "../../services/incidents/get.ts";
import { createMaintenance } from "../../services/maintenances/create.ts";
import { listMaintenances } from "../../services/maintenances/list.ts";
import { postMaintenanceUpdate } from "../../services/maintenances/post-update.ts";
import { rescheduleMaintenance } from "../../services/maintenances/reschedule.ts";
import { CreateMaintenance, PostMaintenanceUpdate, RescheduleMaintenance } from "../../services/maintenances/schemas.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { responds } from "../responds.ts";
import { Incident, MaintenanceList, MaintenanceUpdatePosted, Rescheduled } from "../responses/incidents.ts";
import { valid } from "../validate.ts";

/** Scheduled maintenance: window, messages, transitions, reschedule. */
export const maintenanceRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), responds(200, MaintenanceList), async (c) =>
    c.json({ maintenances: await listMaintenances(c.get("deps")) }),
  )
  .get("/:id", authorize("console.read"), valid("param", IdParam), responds(200, Incident), async (c) => {
    const found = await getIncidentForTeam(c.get("deps"), c.req.valid("param").id);
    if (found.kind !== "maintenance") throw new NotFoundError(`Maintenance ${found.id}`);
    return c.json(found);
  })
  .post("/", authorize("maintenance.write"), valid("json", CreateMaintenance), responds(201, Incident), async (c) => {
    const created = await createMaintenance(c.get("deps"), serviceContext(c), c.req.valid("json"));
    return c.json(await getIncidentForTeam(c.get("deps"), created.id), 201);
  })
  .patch(
    "/:id",
    authorize("maintenance.write"),
    valid("param", IdParam),
    valid("json", RescheduleMaintenance),
    responds(200, Rescheduled),
    async (c) => c.json(await rescheduleMaintenance(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  )
  .post(
    "/:id/updates",
    authorize("maintenance.write"),
    valid("param", IdParam),
    valid("json", PostMaintenanceUpdate),
    responds(201, MaintenanceUpdatePosted),
    async (c) => c.json(await postMaintenanceUpdate(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json")), 201),
  );
