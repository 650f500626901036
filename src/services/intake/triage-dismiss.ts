import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { report, signal } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import type { Dismiss, TriageDecision } from "./report-schemas.ts";

/** "Not an incident": the signal leaves the queue with the reason, until it fires again. */
export async function dismissSignal(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  id: string,
  input: Dismiss,
): Promise<TriageDecision> {
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
  return { decision: "dismissed", incidentId: null, reason: input.reason, signals: 1, reports: 0, subscribed: 0 };
}

/** "Not an incident" for a whole group of similar reports. */
export async function dismissReportGroup(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  groupId: string,
  input: Dismiss,
): Promise<TriageDecision> {
  authorize(ctx, "incident.write");
  const reports = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const rows = await tx
      .update(report)
      .set({ state: "dismissed", dismissReason: input.reason, decidedAt: now })
      .where(and(eq(report.groupId, groupId), eq(report.state, "open"), isNull(report.decidedAt)))
      .returning({ id: report.id });
    if (!rows.length) await assertGroupUndecided(tx, groupId);
    await recordAudit(tx, deps.clock, ctx, {
      action: "report.dismiss",
      resourceType: "report_group",
      resourceId: groupId,
      after: { reason: input.reason, reports: rows.length },
    });
    return rows.length;
  });
  return { decision: "dismissed", incidentId: null, reason: input.reason, signals: 0, reports, subscribed: 0 };
}

/** No open report in the group: 409 when it was decided before (like a signal dismissed twice), 404 when it never existed. */
export async function assertGroupUndecided(tx: DbOrTx, groupId: string): Promise<never> {
  const [known] = await tx.select({ id: report.id }).from(report).where(eq(report.groupId, groupId)).limit(1);
  if (known) throw new ConflictError("The reports in this group are already dismissed or attached");
  throw new NotFoundError("Report group");
}
