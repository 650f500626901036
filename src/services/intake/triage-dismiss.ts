import { and, eq, isNull } from "drizzle-orm";
import { report, signal } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import type { Dismiss } from "./report-schemas.ts";

/** "Not an incident": the signal leaves the queue with the reason, until it fires again. */
export async function dismissSignal(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, id: string, input: Dismiss): Promise<void> {
  authorize(ctx, "incident.write");
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(signal).where(eq(signal.id, id));
    if (!row) throw new NotFoundError("Signal");
    if (row.dismissedAt) throw new ConflictError("The signal is already dismissed");
    const now = deps.clock.now();
    await tx
      .update(signal)
      .set({ dismissedAt: now, dismissReason: input.reason, decidedBy: memberIdOf(ctx.actor) })
      .where(eq(signal.id, id));
    await recordAudit(tx, deps.clock, ctx, {
      action: "signal.dismiss",
      resourceType: "signal",
      resourceId: id,
      after: { reason: input.reason },
    });
  });
}

/** "Not an incident" for a whole group of similar reports. */
export async function dismissReportGroup(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  groupId: string,
  input: Dismiss,
): Promise<number> {
  authorize(ctx, "incident.write");
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const rows = await tx
      .update(report)
      .set({ state: "dismissed", dismissReason: input.reason, decidedAt: now })
      .where(and(eq(report.groupId, groupId), eq(report.state, "open"), isNull(report.decidedAt)))
      .returning({ id: report.id });
    if (!rows.length) throw new NotFoundError("Open report group");
    await recordAudit(tx, deps.clock, ctx, {
      action: "report.dismiss",
      resourceType: "report_group",
      resourceId: groupId,
      after: { reason: input.reason, reports: rows.length },
    });
    return rows.length;
  });
}
