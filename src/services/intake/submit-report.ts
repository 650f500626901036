import { authorize, type ServiceContext } from "../../auth/context.ts";
import { serverSecret } from "../../auth/server-secret.ts";
import type { Deps } from "../../deps.ts";
import { ValidationError } from "../../lib/errors.ts";
import { ANONYMOUS, loadComponentTree, loadIncidents } from "../../projection/index.ts";
import { recordAudit } from "../audit/record.ts";
import { enforceRateLimit } from "../rate-limit.ts";
import { queueReporterConfirmation } from "./report-confirm.ts";
import { insertReport } from "./report-insert.ts";
import type { SubmitReport } from "./report-schemas.ts";
import { checkReportSpike } from "./spike.ts";

export const REPORTS_PER_IP_PER_HOUR = 10;

export interface SubmittedReport {
  /** Null when the honeypot was filled: the answer looks the same, nothing is stored. */
  id: string | null;
  /** An open incident the public can see on that component: "we're aware — follow it here". */
  openIncident: { id: string; title: string } | null;
}

/** A user's report from /report: rate-limited per address, honeypot, component visible to the public. */
export async function submitReport(deps: Deps, ctx: ServiceContext, input: SubmitReport): Promise<SubmittedReport> {
  authorize(ctx, "incident.write");
  if (ctx.ip) await enforceRateLimit(deps.db, deps.clock, `report:ip:${ctx.ip}`, { limit: REPORTS_PER_IP_PER_HOUR, windowMs: 3600_000 });
  const componentId = input.componentId ?? null;
  const tree = componentId ? await loadComponentTree(deps.db, ANONYMOUS) : null;
  const component = tree?.all.find((c) => c.id === componentId) ?? null;
  if (componentId && !component)
    throw new ValidationError("The component is not on this page", [{ path: "componentId", message: "choose a component from the list" }]);
  const openIncident = await openIncidentOn(deps, componentId);
  if (input.website) return { id: null, openIncident };
  const language = input.language ?? "en";
  const secret = input.email ? await serverSecret(deps.db, deps.clock) : "";
  const { id } = await deps.db.transaction(async (tx) => {
    // Anyone can type any address: it is kept only once its owner confirms (report-confirm.ts).
    const created = await insertReport(tx, deps.clock, {
      what: input.what,
      componentId,
      email: null,
      channel: "web",
      language,
    });
    if (input.email) await queueReporterConfirmation(tx, deps, secret, created.id, input.email, language);
    await recordAudit(tx, deps.clock, ctx, {
      action: "report.submit",
      resourceType: "report",
      resourceId: created.id,
      after: { componentId, channel: "web", groupId: created.groupId, email: Boolean(input.email) },
    });
    return created;
  });
  await checkReportSpike(deps, componentId, component?.name ?? null);
  return { id, openIncident };
}

/** The newest open incident the public can see on a component, read through the projection. */
export async function openIncidentOn(deps: Pick<Deps, "db">, componentId: string | null): Promise<{ id: string; title: string } | null> {
  if (!componentId) return null;
  const [open] = await loadIncidents(deps.db, ANONYMOUS, { kind: "incident", active: true, componentId, limit: 1 });
  return open ? { id: open.id, title: open.title } : null;
}
