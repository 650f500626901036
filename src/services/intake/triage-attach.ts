import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { report, signal } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { AppError, NotFoundError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import { requireIncident } from "../incidents/load.ts";
import { assertMayWriteIncident } from "../incidents/rules.ts";
import type { TriageDecision } from "./report-schemas.ts";
import { subscribeReporters } from "./reporters.ts";
import { assertGroupUndecided } from "./triage-dismiss.ts";

/** The incident to attach to; attaching to a restricted one is writing to it. */
async function openIncident(tx: DbOrTx, ctx: ServiceContext, incidentId: string): Promise<void> {
  const row = await requireIncident(tx, incidentId).catch(() => null);
  if (!row) throw new AppError("unprocessable", "The incident does not exist", [{ path: "incidentId", message: "unknown incident" }]);
  assertMayWriteIncident(ctx, row.visibility);
}

/** Links a signal to an existing incident (it leaves the queue). */
export async function attachSignal(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  id: string,
  incidentId: string,
): Promise<TriageDecision> {
  authorize(ctx, "incident.write");
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(signal).where(eq(signal.id, id));
    if (!row) throw new NotFoundError("Signal");
    await openIncident(tx, ctx, incidentId);
    await tx
      .update(signal)
      .set({ incidentId, decidedBy: memberIdOf(ctx.actor) })
      .where(eq(signal.id, id));
    await recordAudit(tx, deps.clock, ctx, {
      action: "signal.attach",
      resourceType: "signal",
      resourceId: id,
      before: { incidentId: row.incidentId },
      after: { incidentId },
    });
  });
  return { decision: "attached", incidentId, reason: null, signals: 1, reports: 0, subscribed: 0 };
}

/** Links a group of reports to an existing incident and subscribes its reporters to it. */
export async function attachReportGroup(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  groupId: string,
  incidentId: string,
): Promise<TriageDecision> {
  authorize(ctx, "incident.write");
  const { reports, subscribed } = await deps.db.transaction(async (tx) => {
    await openIncident(tx, ctx, incidentId);
    const rows = await tx
      .update(report)
      .set({ state: "attached", incidentId, decidedAt: deps.clock.now() })
      .where(and(eq(report.groupId, groupId), eq(report.state, "open")))
      .returning({ id: report.id });
    if (!rows.length) await assertGroupUndecided(tx, groupId);
    const subscribed = await subscribeReporters(tx, deps.clock, groupId, incidentId);
    await recordAudit(tx, deps.clock, ctx, {
      action: "report.attach",
      resourceType: "report_group",
      resourceId: groupId,
      after: { incidentId, reports: rows.length, subscribed },
    });
    return { reports: rows.length, subscribed };
  });
  return { decision: "attached", incidentId, reason: null, signals: 0, reports, subscribed };
}
