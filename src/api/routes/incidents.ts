import { Hono } from "hono";
import { closeIncident } from "../../services/closures/close.ts";
import { editClosure } from "../../services/closures/edit.ts";
import { reopenIncident } from "../../services/closures/reopen.ts";
import { retractClosure } from "../../services/closures/retract.ts";
import { CloseIncident, EditClosure, ReopenIncident } from "../../services/closures/schemas.ts";
import { addCommitments } from "../../services/commitments/add.ts";
import { AddCommitments } from "../../services/commitments/schemas.ts";
import { pageIfUrgent } from "../../services/escalations/page-if-urgent.ts";
import { createIncident } from "../../services/incidents/create.ts";
import { getIncidentForTeam } from "../../services/incidents/get.ts";
import { listIncidentsForTeam } from "../../services/incidents/list.ts";
import { patchIncident } from "../../services/incidents/patch.ts";
import { CreateIncident, ListIncidentsQuery, PatchIncident } from "../../services/incidents/schemas.ts";
import { publishPostmortem } from "../../services/postmortems/publish.ts";
import { savePostmortem } from "../../services/postmortems/save.ts";
import { PublishPostmortem, SavePostmortem } from "../../services/postmortems/schemas.ts";
import { editUpdate } from "../../services/updates/edit.ts";
import { previewUpdate } from "../../services/updates/preview.ts";
import { publishUpdate } from "../../services/updates/publish.ts";
import { retractUpdate } from "../../services/updates/retract.ts";
import { EditUpdate, PostUpdate, RetractUpdate } from "../../services/updates/schemas.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam, UpdateIdsParam } from "../params.ts";
import { responds } from "../responds.ts";
import {
  Closed,
  ClosureEdited,
  CommitmentsAdded,
  EditedUpdate,
  Incident,
  IncidentList,
  PostmortemPublished,
  PostmortemSaved,
  PublishedUpdate,
  Retracted,
  UpdatePreview,
} from "../responses/incidents.ts";
import { valid } from "../validate.ts";

const ids = (p: { id: string; updateId: string }) => ({ incidentId: p.id, updateId: p.updateId });

/** Incidents, their updates (preview, publish, edit, retract), closure (close, edit, retract, reopen), commitments and postmortem. */
export const incidentRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), valid("query", ListIncidentsQuery), responds(200, IncidentList), async (c) =>
    c.json({ incidents: await listIncidentsForTeam(c.get("deps"), c.req.valid("query")) }),
  )
  .get("/:id", authorize("console.read"), valid("param", IdParam), responds(200, Incident), async (c) =>
    c.json(await getIncidentForTeam(c.get("deps"), c.req.valid("param").id)),
  )
  .post("/", authorize("incident.write"), valid("json", CreateIncident), responds(201, Incident), async (c) => {
    const created = await createIncident(c.get("deps"), serviceContext(c), c.req.valid("json"));
    await pageIfUrgent(c.get("deps"), serviceContext(c), created.id);
    return c.json(await getIncidentForTeam(c.get("deps"), created.id), 201);
  })
  .patch("/:id", authorize("incident.write"), valid("param", IdParam), valid("json", PatchIncident), responds(200, Incident), async (c) => {
    await patchIncident(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"));
    await pageIfUrgent(c.get("deps"), serviceContext(c), c.req.valid("param").id);
    return c.json(await getIncidentForTeam(c.get("deps"), c.req.valid("param").id));
  })
  .post(
    "/:id/updates/preview",
    authorize("console.read"),
    valid("param", IdParam),
    valid("json", PostUpdate),
    responds(200, UpdatePreview),
    async (c) => c.json(await previewUpdate(c.get("deps"), c.req.valid("param").id, c.req.valid("json"))),
  )
  .post(
    "/:id/updates",
    authorize("incident.write"),
    valid("param", IdParam),
    valid("json", PostUpdate),
    responds(201, PublishedUpdate),
    async (c) => c.json(await publishUpdate(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .put(
    "/:id/updates/:updateId",
    authorize("incident.write"),
    valid("param", UpdateIdsParam),
    valid("json", EditUpdate),
    responds(200, EditedUpdate),
    async (c) => c.json(await editUpdate(c.get("deps"), serviceContext(c), ids(c.req.valid("param")), c.req.valid("json"))),
  )
  .post(
    "/:id/updates/:updateId/retract",
    authorize("incident.write"),
    valid("param", UpdateIdsParam),
    valid("json", RetractUpdate),
    responds(200, Retracted),
    async (c) => c.json(await retractUpdate(c.get("deps"), serviceContext(c), ids(c.req.valid("param")), c.req.valid("json"))),
  )
  .post(
    "/:id/closure",
    authorize("incident.close"),
    valid("param", IdParam),
    valid("json", CloseIncident),
    responds(201, Closed),
    async (c) => c.json(await closeIncident(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .put(
    "/:id/closure",
    authorize("incident.close"),
    valid("param", IdParam),
    valid("json", EditClosure),
    responds(200, ClosureEdited),
    async (c) => c.json(await editClosure(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  )
  .post(
    "/:id/closure/retract",
    authorize("incident.close"),
    valid("param", IdParam),
    valid("json", RetractUpdate),
    responds(200, Retracted),
    async (c) => c.json(await retractClosure(c.get("deps"), serviceContext(c), c.req.valid("param").id, "closure", c.req.valid("json"))),
  )
  .post(
    "/:id/closure/apology/retract",
    authorize("incident.close"),
    valid("param", IdParam),
    valid("json", RetractUpdate),
    responds(200, Retracted),
    async (c) => c.json(await retractClosure(c.get("deps"), serviceContext(c), c.req.valid("param").id, "apology", c.req.valid("json"))),
  )
  .post(
    "/:id/reopen",
    authorize("incident.write"),
    valid("param", IdParam),
    valid("json", ReopenIncident),
    responds(201, PublishedUpdate),
    async (c) => c.json(await reopenIncident(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .post(
    "/:id/commitments",
    authorize("incident.close"),
    valid("param", IdParam),
    valid("json", AddCommitments),
    responds(201, CommitmentsAdded),
    async (c) => c.json(await addCommitments(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .put(
    "/:id/postmortem",
    authorize("incident.close"),
    valid("param", IdParam),
    valid("json", SavePostmortem),
    responds(200, PostmortemSaved),
    async (c) => c.json(await savePostmortem(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  )
  .post(
    "/:id/postmortem/publish",
    authorize("incident.close"),
    valid("param", IdParam),
    valid("json", PublishPostmortem),
    responds(200, PostmortemPublished),
    async (c) => c.json(await publishPostmortem(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  );
