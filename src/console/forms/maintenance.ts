import { fieldErrors, localToIso, updateFromForm } from "../../components/admin/incidents/form.ts";
import { maintenanceFromForm } from "../../components/admin/incidents/maintenance-form.ts";
import { t } from "../../i18n/console/index.ts";
import { field, visibilityFromChoice } from "../../lib/forms.ts";
import { createIncident } from "../../services/incidents/create.ts";
import { CreateIncident } from "../../services/incidents/schemas.ts";
import { createMaintenance } from "../../services/maintenances/create.ts";
import { postMaintenanceUpdate } from "../../services/maintenances/post-update.ts";
import { rescheduleMaintenance } from "../../services/maintenances/reschedule.ts";
import { CreateMaintenance, PostMaintenanceUpdate, RescheduleMaintenance } from "../../services/maintenances/schemas.ts";
import { formIntent, type IntentTable } from "../form-action.ts";
import { formZone } from "../time-zone.ts";
import { TRANSLATION_FORMS } from "./translations.ts";
import { requireVisibilityChoice } from "./visibility-choice.ts";

/** Opens an incident with its first update, then goes to it. */
const openIncident = formIntent({
  action: "incident.write",
  schema: CreateIncident,
  toInput: (form, call) => {
    const zone = formZone(form, call);
    const { reopen: _reopen, ...update } = updateFromForm(form, zone);
    const startedAt = localToIso(field(form, "startedAt"), zone);
    // A drill is the team's alone, whatever visibility was chosen.
    const drill = field(form, "drill") === "on";
    if (!drill) requireVisibilityChoice(form, "incident");
    const visibility = drill ? "internal" : visibilityFromChoice(form);
    return { ...update, title: field(form, "title"), impact: field(form, "impact"), visibility, startedAt, drill };
  },
  fieldNames: (fields, raw) => fieldErrors(fields, (raw ?? {}) as Record<string, unknown>),
  run: async (input, call) => ({ redirect: `/admin/incidents/${(await createIncident(call.deps, call.ctx, input)).id}` }),
});

/** /admin/incidents/new: the embedded composer's "Open incident" button sends intent=publish. */
export const NEW_INCIDENT_FORMS: IntentTable = { publish: openIncident, "": openIncident };

/** /admin/maintenance: schedule a maintenance, then go to it. */
export const NEW_MAINTENANCE_FORMS: IntentTable = {
  "": formIntent({
    action: "maintenance.write",
    schema: CreateMaintenance,
    toInput: (form, call) => {
      requireVisibilityChoice(form, "maintenance");
      return maintenanceFromForm(form, formZone(form, call));
    },
    run: async (input, call) => ({ redirect: `/admin/maintenance/${(await createMaintenance(call.deps, call.ctx, input)).id}` }),
  }),
};

/** /admin/maintenance/[id]: post an update (the form without an intent) or reschedule. */
export const MAINTENANCE_FORMS: IntentTable = {
  ...TRANSLATION_FORMS,
  "": formIntent({
    action: "maintenance.write",
    schema: PostMaintenanceUpdate,
    toInput: (form) => ({
      status: field(form, "status"),
      body: field(form, "body"),
      internalNote: field(form, "internalNote").trim() || undefined,
      notify: field(form, "notify") === "on",
    }),
    run: async (input, call) => {
      await postMaintenanceUpdate(call.deps, call.ctx, call.params.id ?? "", input);
      return t("form_maintenance.update_posted");
    },
  }),
  reschedule: formIntent({
    action: "maintenance.write",
    schema: RescheduleMaintenance,
    toInput: (form, call) => ({
      scheduledFor: localToIso(field(form, "scheduledFor"), formZone(form, call)),
      scheduledUntil: localToIso(field(form, "scheduledUntil"), formZone(form, call)),
      body: field(form, "body").trim() || undefined,
      notify: field(form, "notify") === "on",
    }),
    run: async (input, call) => {
      await rescheduleMaintenance(call.deps, call.ctx, call.params.id ?? "", input);
      return t("form_maintenance.rescheduled");
    },
  }),
};
