import { Hono } from "hono";
import { z } from "zod";
import { NotFoundError } from "../../lib/errors.ts";
import { ID_PATTERN } from "../../lib/ids.ts";
import { logReport } from "../../services/intake/log-report.ts";
import { getSignal, listReportGroups, listSignals } from "../../services/intake/queue.ts";
import { Attach, Dismiss, ListReportsQuery, LogReport, TriageIncident } from "../../services/intake/report-schemas.ts";
import { ListSignalsQuery } from "../../services/intake/schemas.ts";
import { attachReportGroup, attachSignal } from "../../services/intake/triage-attach.ts";
import { createIncidentFromTriage } from "../../services/intake/triage-create.ts";
import { dismissReportGroup, dismissSignal } from "../../services/intake/triage-dismiss.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { responds } from "../responds.ts";
import { LoggedReport, ReportGroupList, Signal, SignalList, TriageDecision, TriagedIncident } from "../responses/intake.ts";
import { valid } from "../validate.ts";

const GroupParam = z.object({ groupId: z.string().regex(ID_PATTERN, "not a report group id") });

/** Signals in triage: list, dismiss, attach to an incident, or open a draft incident. */
export const signalRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), valid("query", ListSignalsQuery), responds(200, SignalList), async (c) =>
    c.json({ signals: await listSignals(c.get("deps"), c.req.valid("query")) }),
  )
  .get("/:id", authorize("console.read"), valid("param", IdParam), responds(200, Signal), async (c) => {
    const found = await getSignal(c.get("deps"), c.req.valid("param").id);
    if (!found) throw new NotFoundError("Signal");
    return c.json(found);
  })
  .post(
    "/:id/dismiss",
    authorize("incident.write"),
    valid("param", IdParam),
    valid("json", Dismiss),
    responds(200, TriageDecision),
    async (c) => c.json(await dismissSignal(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json"))),
  )
  .post(
    "/:id/attach",
    authorize("incident.write"),
    valid("param", IdParam),
    valid("json", Attach),
    responds(200, TriageDecision),
    async (c) => c.json(await attachSignal(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json").incidentId)),
  )
  .post(
    "/:id/incident",
    authorize("incident.write"),
    valid("param", IdParam),
    valid("json", TriageIncident),
    responds(201, TriagedIncident),
    async (c) =>
      c.json(
        await createIncidentFromTriage(
          c.get("deps"),
          serviceContext(c),
          { kind: "signal", id: c.req.valid("param").id },
          c.req.valid("json"),
        ),
        201,
      ),
  );

/** Reports: the grouped queue, reports logged on a customer's behalf, and triage decisions per group. */
export const reportRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), valid("query", ListReportsQuery), responds(200, ReportGroupList), async (c) =>
    c.json({ groups: await listReportGroups(c.get("deps"), c.req.valid("query")) }),
  )
  .post("/", authorize("incident.write"), valid("json", LogReport), responds(201, LoggedReport), async (c) =>
    c.json(await logReport(c.get("deps"), serviceContext(c), c.req.valid("json")), 201),
  )
  .post(
    "/groups/:groupId/dismiss",
    authorize("incident.write"),
    valid("param", GroupParam),
    valid("json", Dismiss),
    responds(200, TriageDecision),
    async (c) => c.json(await dismissReportGroup(c.get("deps"), serviceContext(c), c.req.valid("param").groupId, c.req.valid("json"))),
  )
  .post(
    "/groups/:groupId/attach",
    authorize("incident.write"),
    valid("param", GroupParam),
    valid("json", Attach),
    responds(200, TriageDecision),
    async (c) =>
      c.json(await attachReportGroup(c.get("deps"), serviceContext(c), c.req.valid("param").groupId, c.req.valid("json").incidentId)),
  )
  .post(
    "/groups/:groupId/incident",
    authorize("incident.write"),
    valid("param", GroupParam),
    valid("json", TriageIncident),
    responds(201, TriagedIncident),
    async (c) =>
      c.json(
        await createIncidentFromTriage(
          c.get("deps"),
          serviceContext(c),
          { kind: "reports", groupId: c.req.valid("param").groupId },
          c.req.valid("json"),
        ),
        201,
      ),
  );
