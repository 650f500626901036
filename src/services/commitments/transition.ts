import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { preventionCommitment } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { AppError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { enqueueNotification } from "../../notify/outbox.ts";
import { recordAudit } from "../audit/record.ts";
import { enqueueDrillMail } from "../incidents/drill-mail.ts";
import { requireIncident } from "../incidents/load.ts";
import { assertMayPublishRestricted, isRestricted } from "../incidents/rules.ts";
import { insertUpdate } from "../updates/write.ts";
import type { TransitionCommitment } from "./schemas.ts";

const NEXT: Record<string, string[]> = {
  planned: ["in_progress", "done", "dropped"],
  in_progress: ["planned", "done", "dropped"],
  done: ["in_progress"],
  dropped: ["planned", "in_progress"],
};

const DEFAULT_TEXT: Record<string, (t: string) => string> = {
  done: (t) => `We have done what we promised: ${t}`,
  in_progress: (t) => `Work has started on what we promised: ${t}`,
  dropped: (t) => `We will not pursue this commitment: ${t}`,
  planned: (t) => `This commitment is planned again: ${t}`,
};

/**
 * Moves a commitment along planned → in_progress → done (or dropped). With `announce`, a
 * follow-up notice goes on the incident's timeline for exactly those who may see the commitment.
 */
export async function transitionCommitment(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, id: string, input: TransitionCommitment) {
  authorize(ctx, "incident.close");
  return deps.db.transaction(async (tx) => {
    const [c] = await tx.select().from(preventionCommitment).where(eq(preventionCommitment.id, id));
    if (!c) throw new NotFoundError(`Commitment ${id}`);
    if (!NEXT[c.state]?.includes(input.state)) {
      throw new AppError("unprocessable", `A commitment cannot go from ${c.state} to ${input.state}`, [
        { path: "state", message: `allowed from ${c.state}: ${NEXT[c.state]?.join(", ")}` },
      ]);
    }
    if (input.announce && c.visibility === "internal")
      throw new ValidationError("An internal commitment cannot be announced", [
        { path: "announce", message: "the commitment is internal" },
      ]);
    const inc = await requireIncident(tx, c.incidentId);
    const now = deps.clock.now();
    await tx.update(preventionCommitment).set({ state: input.state, stateChangedAt: now }).where(eq(preventionCommitment.id, id));
    let updateId: string | null = null;
    if (input.announce) {
      if (isRestricted(c.visibility)) assertMayPublishRestricted(ctx, "a restricted follow-up");
      const text = input.message ?? (DEFAULT_TEXT[input.state] as (t: string) => string)(c.text);
      const variants = isRestricted(c.visibility) ? c.visibility.split(",").map((audience) => ({ audience, body: text })) : [];
      updateId = await insertUpdate(tx, deps.clock, {
        incidentId: inc.id,
        kind: "commitment",
        status: inc.status,
        body: isRestricted(c.visibility) ? null : text,
        variants,
        components: [],
        notify: input.notify,
        authorId: memberIdOf(ctx.actor),
      });
      if (input.notify && inc.drill) await enqueueDrillMail(tx, deps, inc, { status: inc.status, body: text });
      else if (input.notify)
        await enqueueNotification(tx, deps.clock, {
          kind: "commitment.updated",
          incidentId: inc.id,
          updateId,
          payload: { commitmentId: id },
        });
    }
    await recordAudit(tx, deps.clock, ctx, {
      action: "commitment.transition",
      resourceType: "commitment",
      resourceId: id,
      before: { state: c.state },
      after: { state: input.state, updateId },
    });
    await bumpContentVersion(tx, deps.clock);
    return { id, state: input.state, updateId };
  });
}
