import { triageIncidentFromForm } from "../../components/admin/triage/decide-form.ts";
import { t } from "../../i18n/console/index.ts";
import { AppError } from "../../lib/errors.ts";
import { field } from "../../lib/forms.ts";
import { acknowledgeEscalation } from "../../services/escalations/acknowledge.ts";
import { logReport } from "../../services/intake/log-report.ts";
import { Attach, Dismiss, LogReport, TriageIncident } from "../../services/intake/report-schemas.ts";
import { attachReportGroup, attachSignal } from "../../services/intake/triage-attach.ts";
import { createIncidentFromTriage, type TriageSubject } from "../../services/intake/triage-create.ts";
import { dismissReportGroup, dismissSignal } from "../../services/intake/triage-dismiss.ts";
import { formIntent, type IntentCall, type IntentTable } from "../form-action.ts";

const target = (call: IntentCall): string => field(call.form, "target");
const reason = (form: Record<string, string | string[]>): unknown => ({ reason: field(form, "reason") });
const incident = (form: Record<string, string | string[]>): unknown => ({ incidentId: field(form, "incidentId") });

/** /admin/triage: dismiss or attach a signal or a report group, acknowledge a page. Each form names its row in `target`. */
export const TRIAGE_FORMS: IntentTable = {
  "dismiss-signal": formIntent({
    action: "incident.write",
    schema: Dismiss,
    toInput: reason,
    run: async (input, call) => {
      await dismissSignal(call.deps, call.ctx, target(call), input);
      return t("form_triage.signal_dismissed");
    },
  }),
  "dismiss-group": formIntent({
    action: "incident.write",
    schema: Dismiss,
    toInput: reason,
    run: async (input, call) => {
      await dismissReportGroup(call.deps, call.ctx, target(call), input);
      return t("form_triage.reports_dismissed");
    },
  }),
  "attach-signal": formIntent({
    action: "incident.write",
    schema: Attach,
    toInput: incident,
    run: async (input, call) => {
      await attachSignal(call.deps, call.ctx, target(call), input.incidentId);
      return t("form_triage.signal_attached");
    },
  }),
  "attach-group": formIntent({
    action: "incident.write",
    schema: Attach,
    toInput: incident,
    run: async (input, call) => {
      await attachReportGroup(call.deps, call.ctx, target(call), input.incidentId);
      return t("form_triage.reports_attached");
    },
  }),
  ack: formIntent({
    action: "incident.write",
    run: async (_input, call) => {
      await acknowledgeEscalation(call.deps, call.ctx, target(call));
      return t("form_triage.acknowledged");
    },
  }),
};

/** The signal or report group named in the decide page's address. */
export function triageSubject(url: URL): TriageSubject | null {
  const signalId = url.searchParams.get("signal");
  const groupId = url.searchParams.get("group");
  return signalId ? { kind: "signal", id: signalId } : groupId ? { kind: "reports", groupId } : null;
}

/** /admin/triage/decide: turn a signal or report group into an incident, then go to it. */
export const TRIAGE_DECIDE_FORMS: IntentTable = {
  "": formIntent({
    action: "incident.write",
    schema: TriageIncident,
    toInput: (form) => {
      const ticked = Object.keys(form).flatMap((k) => (k.startsWith("c-") ? [k.slice(2)] : []));
      return triageIncidentFromForm(form, ticked);
    },
    run: async (input, call) => {
      const subject = triageSubject(new URL(call.request.url));
      if (!subject) throw new AppError("bad_request", t("form_triage.open_from_queue"));
      const { incidentId } = await createIncidentFromTriage(call.deps, call.ctx, subject, input);
      return { redirect: `/admin/incidents/${incidentId}` };
    },
  }),
};

/** /admin/triage/log: log a report someone phoned or mailed in. */
export const TRIAGE_LOG_FORMS: IntentTable = {
  "": formIntent({
    action: "incident.write",
    schema: LogReport,
    toInput: (form) => ({
      what: field(form, "what"),
      componentId: field(form, "componentId"),
      email: field(form, "email"),
      channel: field(form, "channel"),
      customer: field(form, "customer"),
      organisation: field(form, "organisation") || null,
    }),
    run: async (input, call) => {
      await logReport(call.deps, call.ctx, input);
      return { notice: t("form_triage.report_logged"), data: input.channel };
    },
  }),
};
