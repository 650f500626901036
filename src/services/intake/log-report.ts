import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { ValidationError } from "../../lib/errors.ts";
import { loadComponentTree, TEAM } from "../../projection/index.ts";
import { recordAudit } from "../audit/record.ts";
import { insertReport } from "./report-insert.ts";
import type { LogReport } from "./report-schemas.ts";
import { checkReportSpike } from "./spike.ts";

/** A team member logs a report taken by phone, chat or email; it joins the triage queue like any other. */
export async function logReport(deps: Deps, ctx: ServiceContext, input: LogReport): Promise<{ id: string; groupId: string }> {
  authorize(ctx, "incident.write");
  const componentId = input.componentId ?? null;
  const tree = componentId ? await loadComponentTree(deps.db, TEAM) : null;
  const component = tree?.all.find((c) => c.id === componentId) ?? null;
  if (componentId && !component)
    throw new ValidationError("The component does not exist", [{ path: "componentId", message: "unknown component" }]);
  const created = await deps.db.transaction(async (tx) => {
    const row = await insertReport(tx, deps.clock, {
      what: input.what,
      componentId,
      email: input.email ?? null,
      channel: input.channel,
      customer: input.customer,
      organisation: input.organisation ?? null,
      loggedBy: memberIdOf(ctx.actor),
    });
    await recordAudit(tx, deps.clock, ctx, {
      action: "report.log",
      resourceType: "report",
      resourceId: row.id,
      after: {
        componentId,
        channel: input.channel,
        customer: input.customer,
        organisation: input.organisation ?? null,
        groupId: row.groupId,
      },
    });
    return row;
  });
  await checkReportSpike(deps, componentId, component?.name ?? null);
  return created;
}
