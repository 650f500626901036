import { t, tp } from "../../i18n/console/index.ts";
import { field } from "../../lib/forms.ts";
import { requestIncidentFeedback } from "../../services/feedback/request.ts";
import { addReviewAction, completeReviewAction } from "../../services/reviews/actions.ts";
import { saveReview } from "../../services/reviews/save.ts";
import { AddReviewAction, SaveReview } from "../../services/reviews/schemas.ts";
import { ProposeRunbookEdit } from "../../services/runbooks/schemas.ts";
import { proposeRunbookEdit } from "../../services/runbooks/write.ts";
import { type FormIntent, formIntent, type IntentCall, type IntentTable } from "../form-action.ts";

const incidentId = (call: IntentCall): string => call.params.id ?? "";

const complete = (done: boolean): FormIntent =>
  formIntent({
    action: "incident.close",
    run: async (_input, call) => {
      await completeReviewAction(call.deps, call.ctx, incidentId(call), field(call.form, "actionId"), done);
      return done ? t("form_review.action_done") : t("form_review.action_reopened");
    },
  });

/** /admin/reviews/[id]: review sections, follow-up actions, a feedback request, a runbook edit proposal. */
export const REVIEW_FORMS: IntentTable = {
  sections: formIntent({
    action: "incident.close",
    schema: SaveReview,
    toInput: (form) => ({
      whatWorked: field(form, "whatWorked"),
      whatDidnt: field(form, "whatDidnt"),
      lessons: field(form, "lessons"),
      documentationChanges: field(form, "documentationChanges"),
    }),
    run: async (input, call) => {
      await saveReview(call.deps, call.ctx, incidentId(call), input);
      return t("form_review.saved");
    },
  }),
  action: formIntent({
    action: "incident.close",
    schema: AddReviewAction,
    toInput: (form) => {
      const due = field(form, "dueAt");
      return { text: field(form, "text"), owner: field(form, "owner"), dueAt: due ? `${due}T00:00:00Z` : null };
    },
    run: async (input, call) => {
      await addReviewAction(call.deps, call.ctx, incidentId(call), input);
      return t("form_review.action_added");
    },
  }),
  done: complete(true),
  undone: complete(false),
  "feedback-request": formIntent({
    action: "incident.close",
    run: async (_input, call) => {
      const { recipients } = await requestIncidentFeedback(call.deps, call.ctx, incidentId(call));
      return tp("form_review.feedback_requested", recipients);
    },
  }),
  propose: formIntent({
    action: "incident.write",
    schema: ProposeRunbookEdit,
    toInput: (form, call) => ({ body: field(form, "body"), note: field(form, "note") || null, incidentId: incidentId(call) }),
    run: async (input, call) => {
      await proposeRunbookEdit(call.deps, call.ctx, field(call.form, "runbookId"), input);
      return t("form_review.runbook_edit_proposed");
    },
  }),
};
