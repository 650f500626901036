import type { ServiceContext } from "../../../auth/context.ts";
import type { Deps } from "../../../deps.ts";
import { type FormProblem, field, formProblem, parseForm } from "../../../lib/forms.ts";
import { acknowledgeEscalation } from "../../../services/escalations/acknowledge.ts";
import { Attach, Dismiss } from "../../../services/intake/report-schemas.ts";
import { attachReportGroup, attachSignal } from "../../../services/intake/triage-attach.ts";
import { dismissReportGroup, dismissSignal } from "../../../services/intake/triage-dismiss.ts";

export interface TriageResult {
  notice?: string;
  problem?: FormProblem;
  /** Which row's form failed, so only that one shows the error and keeps its text. */
  target?: string;
}

/** One POST on the triage queue: dismiss or attach a signal or report group, or acknowledge a page. */
export async function handleTriagePost(deps: Deps, ctx: ServiceContext, form: Record<string, string | string[]>): Promise<TriageResult> {
  const intent = field(form, "intent");
  const target = field(form, "target");
  try {
    if (intent === "dismiss-signal") await dismissSignal(deps, ctx, target, parseForm(Dismiss, { reason: field(form, "reason") }));
    else if (intent === "dismiss-group") await dismissReportGroup(deps, ctx, target, parseForm(Dismiss, { reason: field(form, "reason") }));
    else if (intent === "attach-signal")
      await attachSignal(deps, ctx, target, parseForm(Attach, { incidentId: field(form, "incidentId") }).incidentId);
    else if (intent === "attach-group")
      await attachReportGroup(deps, ctx, target, parseForm(Attach, { incidentId: field(form, "incidentId") }).incidentId);
    else if (intent === "ack") await acknowledgeEscalation(deps, ctx, target);
    else return { problem: { message: "Unknown action", fields: {}, status: 400 } };
    const done: Record<string, string> = {
      "dismiss-signal": "Signal dismissed.",
      "dismiss-group": "Reports dismissed.",
      "attach-signal": "Signal attached to the incident.",
      "attach-group": "Reports attached; reporters with an email now follow the incident.",
      ack: "Acknowledged; the next level will not be paged.",
    };
    return { notice: done[intent] };
  } catch (err) {
    return { problem: formProblem(err), target };
  }
}
