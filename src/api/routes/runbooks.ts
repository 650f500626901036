import { Hono } from "hono";
import { z } from "zod";
import { ID_PATTERN } from "../../lib/ids.ts";
import { getRunbook, listRunbooks, runbooksForIncident } from "../../services/runbooks/read.ts";
import { CreateRunbook, DecideProposal, EditRunbook, ProposeRunbookEdit } from "../../services/runbooks/schemas.ts";
import { createRunbook, decideProposal, editRunbook, proposeRunbookEdit } from "../../services/runbooks/write.ts";
import type { ApiEnv } from "../app.ts";
import { authorize, serviceContext } from "../middleware/auth.ts";
import { IdParam } from "../params.ts";
import { responds } from "../responds.ts";
import { ProposalDecided, Runbook, RunbookList, RunbookVersionAdded } from "../responses/closing.ts";
import { Created } from "../responses/common.ts";
import { valid } from "../validate.ts";

const Proposal = IdParam.extend({ proposalId: z.string().regex(ID_PATTERN, "not a proposal id") });
const ForIncident = z.object({ incident: z.string().regex(ID_PATTERN, "not an incident id").optional() });

/** Versioned markdown procedures per component or incident category; reviews propose edits. */
export const runbookRoutes = new Hono<ApiEnv>()
  .get("/", authorize("console.read"), valid("query", ForIncident), responds(200, RunbookList), async (c) => {
    const { incident } = c.req.valid("query");
    return c.json({ runbooks: incident ? await runbooksForIncident(c.get("deps"), incident) : await listRunbooks(c.get("deps")) });
  })
  .post("/", authorize("incident.close"), valid("json", CreateRunbook), responds(201, Created), async (c) =>
    c.json(await createRunbook(c.get("deps"), serviceContext(c), c.req.valid("json")), 201),
  )
  .get("/:id", authorize("console.read"), valid("param", IdParam), responds(200, Runbook), async (c) =>
    c.json(await getRunbook(c.get("deps"), c.req.valid("param").id)),
  )
  .post(
    "/:id/versions",
    authorize("incident.close"),
    valid("param", IdParam),
    valid("json", EditRunbook),
    responds(201, RunbookVersionAdded),
    async (c) => c.json(await editRunbook(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .post(
    "/:id/proposals",
    authorize("incident.write"),
    valid("param", IdParam),
    valid("json", ProposeRunbookEdit),
    responds(201, Created),
    async (c) => c.json(await proposeRunbookEdit(c.get("deps"), serviceContext(c), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .post(
    "/:id/proposals/:proposalId",
    authorize("incident.close"),
    valid("param", Proposal),
    valid("json", DecideProposal),
    responds(200, ProposalDecided),
    async (c) => {
      const { id, proposalId } = c.req.valid("param");
      return c.json(await decideProposal(c.get("deps"), serviceContext(c), id, proposalId, c.req.valid("json").accept));
    },
  );
