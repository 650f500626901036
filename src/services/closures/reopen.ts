import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError } from "../../lib/errors.ts";
import { CLOSED_STATUSES, requireIncident } from "../incidents/load.ts";
import { type PublishedUpdate, publishUpdate } from "../updates/publish.ts";
import type { ReopenIncident } from "./schemas.ts";

/**
 * Reopens a resolved incident with an update saying why, as a status page reader expects: the
 * closure stops being shown (it stays in the timeline) and the incident can be closed again.
 */
export async function reopenIncident(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  incidentId: string,
  input: ReopenIncident,
): Promise<PublishedUpdate> {
  authorize(ctx, "incident.write");
  const inc = await requireIncident(deps.db, incidentId);
  if (!CLOSED_STATUSES.includes(inc.status)) throw new ConflictError("This incident is not resolved: post an update instead");
  return publishUpdate(deps, ctx, incidentId, { ...input, reopen: true });
}
