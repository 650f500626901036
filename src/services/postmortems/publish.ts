import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { incident } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { AppError, ConflictError } from "../../lib/errors.ts";
import { enqueueNotification } from "../../notify/outbox.ts";
import { recordAudit } from "../audit/record.ts";
import { enqueueDrillMail } from "../incidents/drill-mail.ts";
import { requireIncident } from "../incidents/load.ts";
import type { PublishPostmortem } from "./schemas.ts";

/** Draft → published: the incident's status becomes `postmortem` (as on Statuspage). */
export async function publishPostmortem(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  incidentId: string,
  input: PublishPostmortem,
) {
  authorize(ctx, "incident.close");
  return deps.db.transaction(async (tx) => {
    const inc = await requireIncident(tx, incidentId);
    if (inc.postmortemPublishedAt) throw new ConflictError("The postmortem is already published");
    if (!inc.postmortemBody)
      throw new AppError("unprocessable", "Write the postmortem before publishing it", [{ path: "body", message: "no postmortem saved" }]);
    if (inc.status !== "resolved")
      throw new AppError("unprocessable", "A postmortem belongs to a resolved incident", [
        { path: "status", message: `the incident is ${inc.status}` },
      ]);
    const now = deps.clock.now();
    await tx.update(incident).set({ status: "postmortem", postmortemPublishedAt: now, updatedAt: now }).where(eq(incident.id, incidentId));
    // A drill's postmortem is told to the team, as its every other step.
    if (input.notify && inc.drill) await enqueueDrillMail(tx, deps, inc, { status: "postmortem", body: inc.postmortemBody });
    const notificationId =
      input.notify && !inc.drill ? await enqueueNotification(tx, deps.clock, { kind: "incident.postmortem", incidentId }) : null;
    await recordAudit(tx, deps.clock, ctx, {
      action: "postmortem.publish",
      resourceType: "incident",
      resourceId: incidentId,
      after: { notify: input.notify },
    });
    await bumpContentVersion(tx, deps.clock);
    return { incidentId, publishedAt: now, notificationId };
  });
}
