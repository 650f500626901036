import { Hono } from "hono";
import { z } from "zod";
import { ID_PATTERN } from "../../lib/ids.ts";
import { listIncidentFeedback } from "../../services/feedback/list.ts";
import { requestIncidentFeedback } from "../../services/feedback/request.ts";
import { addReviewAction, completeReviewAction } from "../../services/reviews/actions.ts";
import { getReview } from "../../services/reviews/get.ts";
import { saveReview } from "../../services/reviews/save.ts";
import { AddReviewAction, CompleteReviewAction, SaveReview } from "../../services/reviews/schemas.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { responds } from "../responds.ts";
import { FeedbackRequested, IncidentFeedback, Review, ReviewActionDone } from "../responses/closing.ts";
import { Created } from "../responses/common.ts";
import { valid } from "../validate.ts";

const Incident = z.object({ incidentId: z.string().regex(ID_PATTERN, "not an incident id") });
const Action = Incident.extend({ actionId: z.string().regex(ID_PATTERN, "not an action id") });

/** Post-incident reviews: computed metrics and timeline, the team's sections, follow-ups, feedback. */
export const reviewRoutes = new Hono<ApiEnv>()
  .get("/:incidentId", authorize("console.read"), valid("param", Incident), responds(200, Review), async (c) =>
    c.json(await getReview(c.get("deps"), c.req.valid("param").incidentId)),
  )
  .put(
    "/:incidentId",
    authorize("incident.close"),
    valid("param", Incident),
    valid("json", SaveReview),
    responds(200, Review),
    async (c) => {
      await saveReview(c.get("deps"), serviceContext(c), c.req.valid("param").incidentId, c.req.valid("json"));
      return c.json(await getReview(c.get("deps"), c.req.valid("param").incidentId));
    },
  )
  .post(
    "/:incidentId/actions",
    authorize("incident.close"),
    valid("param", Incident),
    valid("json", AddReviewAction),
    responds(201, Created),
    async (c) => c.json(await addReviewAction(c.get("deps"), serviceContext(c), c.req.valid("param").incidentId, c.req.valid("json")), 201),
  )
  .post(
    "/:incidentId/actions/:actionId",
    authorize("incident.close"),
    valid("param", Action),
    valid("json", CompleteReviewAction),
    responds(200, ReviewActionDone),
    async (c) => {
      const { incidentId, actionId } = c.req.valid("param");
      await completeReviewAction(c.get("deps"), serviceContext(c), incidentId, actionId, c.req.valid("json").done);
      return c.json({ id: actionId, done: c.req.valid("json").done });
    },
  )
  .get("/:incidentId/feedback", authorize("console.read"), valid("param", Incident), responds(200, IncidentFeedback), async (c) =>
    c.json(await listIncidentFeedback(c.get("deps"), c.req.valid("param").incidentId)),
  )
  .post(
    "/:incidentId/feedback-request",
    authorize("incident.close"),
    valid("param", Incident),
    responds(202, FeedbackRequested),
    async (c) => c.json(await requestIncidentFeedback(c.get("deps"), serviceContext(c), c.req.valid("param").incidentId), 202),
  );
