import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { incident } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import { CLOSED_STATUSES, requireIncident } from "../incidents/load.ts";
import type { SavePostmortem } from "./schemas.ts";

/** Saves the postmortem's markdown; once published, saving changes what viewers read at once. */
export async function savePostmortem(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, incidentId: string, input: SavePostmortem) {
  authorize(ctx, "incident.close");
  return deps.db.transaction(async (tx) => {
    const inc = await requireIncident(tx, incidentId);
    if (!CLOSED_STATUSES.includes(inc.status)) {
      throw new AppError("unprocessable", "A postmortem belongs to a resolved incident", [
        { path: "status", message: `the incident is ${inc.status}` },
      ]);
    }
    await tx.update(incident).set({ postmortemBody: input.body, updatedAt: deps.clock.now() }).where(eq(incident.id, incidentId));
    await recordAudit(tx, deps.clock, ctx, {
      action: "postmortem.save",
      resourceType: "incident",
      resourceId: incidentId,
      after: { published: Boolean(inc.postmortemPublishedAt) },
    });
    if (inc.postmortemPublishedAt) await bumpContentVersion(tx, deps.clock);
    return { incidentId, published: Boolean(inc.postmortemPublishedAt) };
  });
}
