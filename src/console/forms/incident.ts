import {
  closureEditFromForm,
  closureFromForm,
  fieldErrors,
  resizeCommitments,
  updateFromForm,
} from "../../components/admin/incidents/form.ts";
import { t } from "../../i18n/console/index.ts";
import { field, visibilityFromChoice } from "../../lib/forms.ts";
import { closeIncident } from "../../services/closures/close.ts";
import { editClosure } from "../../services/closures/edit.ts";
import { retractClosure } from "../../services/closures/retract.ts";
import { CloseIncident, EditClosure } from "../../services/closures/schemas.ts";
import { patchIncident } from "../../services/incidents/patch.ts";
import { PatchIncident } from "../../services/incidents/schemas.ts";
import { publishPostmortem } from "../../services/postmortems/publish.ts";
import { savePostmortem } from "../../services/postmortems/save.ts";
import { PublishPostmortem, SavePostmortem } from "../../services/postmortems/schemas.ts";
import { editUpdate } from "../../services/updates/edit.ts";
import { previewUpdate } from "../../services/updates/preview.ts";
import { publishUpdate } from "../../services/updates/publish.ts";
import { retractUpdate } from "../../services/updates/retract.ts";
import { EditUpdate, PostUpdate, RetractUpdate } from "../../services/updates/schemas.ts";
import { formIntent, type IntentCall, type IntentTable } from "../form-action.ts";
import { formZone } from "../time-zone.ts";
import { TRANSLATION_FORMS } from "./translations.ts";

const incidentId = (call: IntentCall): string => call.params.id ?? "";
const updateIds = (call: IntentCall): { incidentId: string; updateId: string } => ({
  incidentId: incidentId(call),
  updateId: field(call.form, "updateId"),
});
const asFields = (fields: Record<string, string>, raw: unknown): Record<string, string> =>
  fieldErrors(fields, (raw ?? {}) as Record<string, unknown>);

/** Retracting the closure notice or only its apology: one form, the part named by its intent. */
function retractClosureIntent(part: "closure" | "apology", notice: string) {
  return formIntent({
    action: "incident.close",
    schema: RetractUpdate,
    toInput: (form) => ({ correction: field(form, "correction").trim() || undefined }),
    run: async (input, call) => {
      await retractClosure(call.deps, call.ctx, incidentId(call), part, input);
      return notice;
    },
  });
}

/**
 * Adding or removing a commitment card re-renders the closure form without saving anything, so it
 * works without JavaScript; the remove button names its card in the URL (`formaction="?remove=2"`).
 */
function commitmentCardsIntent(change: "add" | "remove") {
  return formIntent({
    action: "incident.close",
    readsOnly: true,
    run: async (_input, call) => {
      const at = new URL(call.request.url).searchParams.get("remove");
      const form = resizeCommitments(call.form, change === "add" ? { add: true } : { remove: at && /^\d+$/.test(at) ? Number(at) : null });
      return { data: { closureForm: form } };
    },
  });
}

/** The incident page (/admin/incidents/[id]): compose, preview, edit, retract, settings, close (edit, retract), postmortem. */
export const INCIDENT_FORMS: IntentTable = {
  ...TRANSLATION_FORMS,
  preview: formIntent({
    action: "incident.write",
    readsOnly: true,
    schema: PostUpdate,
    toInput: (form, call) => updateFromForm(form, formZone(form, call)),
    fieldNames: asFields,
    run: async (input, call) => {
      const { audiences, statuses } = await previewUpdate(call.deps, incidentId(call), input);
      return { keepForm: true, data: { audiences, statuses } };
    },
  }),
  publish: formIntent({
    action: "incident.write",
    schema: PostUpdate,
    toInput: (form, call) => updateFromForm(form, formZone(form, call)),
    fieldNames: asFields,
    run: async (input, call) => {
      await publishUpdate(call.deps, call.ctx, incidentId(call), input);
      return t("form_incident.update_published");
    },
  }),
  edit: formIntent({
    action: "incident.write",
    schema: EditUpdate,
    toInput: (form) => {
      const { body, variants, internalNote } = updateFromForm(form);
      return { body, variants, internalNote: internalNote ?? null };
    },
    fieldNames: asFields,
    run: async (input, call) => {
      await editUpdate(call.deps, call.ctx, updateIds(call), input);
      return t("form_incident.update_edited");
    },
  }),
  retract: formIntent({
    action: "incident.write",
    schema: RetractUpdate,
    toInput: (form) => ({ correction: field(form, "correction").trim() || undefined }),
    run: async (input, call) => {
      await retractUpdate(call.deps, call.ctx, updateIds(call), input);
      return t("form_incident.update_retracted");
    },
  }),
  settings: formIntent({
    action: "incident.write",
    schema: PatchIncident,
    toInput: (form) => ({ title: field(form, "title"), impact: field(form, "impact"), visibility: visibilityFromChoice(form) }),
    fieldNames: asFields,
    run: async (input, call) => {
      await patchIncident(call.deps, call.ctx, incidentId(call), input);
      return t("form_incident.details_saved");
    },
  }),
  close: formIntent({
    action: "incident.close",
    schema: CloseIncident,
    toInput: (form, call) => closureFromForm(form, formZone(form, call)),
    fieldNames: asFields,
    run: async (input, call) => {
      await closeIncident(call.deps, call.ctx, incidentId(call), input);
      return t("form_incident.resolved");
    },
  }),
  "add-commitment": commitmentCardsIntent("add"),
  "remove-commitment": commitmentCardsIntent("remove"),
  "closure-edit": formIntent({
    action: "incident.close",
    schema: EditClosure,
    toInput: closureEditFromForm,
    fieldNames: asFields,
    run: async (input, call) => {
      await editClosure(call.deps, call.ctx, incidentId(call), input);
      return t("form_incident.closure_saved");
    },
  }),
  "closure-retract": retractClosureIntent("closure", t("form_incident.closure_retracted")),
  "apology-retract": retractClosureIntent("apology", t("form_incident.apology_retracted")),
  "postmortem-save": formIntent({
    action: "incident.close",
    schema: SavePostmortem,
    toInput: (form) => ({ body: field(form, "postmortem") }),
    run: async (input, call) => {
      await savePostmortem(call.deps, call.ctx, incidentId(call), input);
      return { notice: t("form_incident.postmortem_saved"), keepForm: true };
    },
  }),
  "postmortem-publish": formIntent({
    action: "incident.close",
    schema: SavePostmortem,
    toInput: (form) => ({ body: field(form, "postmortem") }),
    run: async (input, call) => {
      await savePostmortem(call.deps, call.ctx, incidentId(call), input);
      const publish = PublishPostmortem.parse({ notify: field(call.form, "notify") === "on" });
      await publishPostmortem(call.deps, call.ctx, incidentId(call), publish);
      return { notice: t("form_incident.postmortem_published"), keepForm: true };
    },
  }),
};
