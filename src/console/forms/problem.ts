import { problemStateLabel } from "../../components/admin/state-labels.ts";
import { t, tp } from "../../i18n/console/index.ts";
import { field, visibilityFromText } from "../../lib/forms.ts";
import { createProblem } from "../../services/problems/create.ts";
import { linkProblem, patchProblem } from "../../services/problems/patch.ts";
import { CreateProblem, LinkProblem, PatchProblem, TransitionProblem } from "../../services/problems/schemas.ts";
import { transitionProblem } from "../../services/problems/transition.ts";
import { type FormIntent, formIntent, type IntentCall, type IntentTable } from "../form-action.ts";

const TEXT_FIELDS = ["investigationNotes", "rootCause", "fixPlan", "changes", "verification"] as const;
const problemId = (call: IntentCall): string => call.params.id ?? "";

/** link/unlink an incident, attach/detach a commitment: one LinkProblem key each. */
const linking = (key: "addIncidents" | "removeIncidents" | "addCommitments" | "removeCommitments", notice: string): FormIntent =>
  formIntent({
    action: "incident.close",
    schema: LinkProblem,
    toInput: (form) => ({ [key]: field(form, "target") ? [field(form, "target")] : [] }),
    run: async (input, call) => {
      await linkProblem(call.deps, call.ctx, problemId(call), input);
      return notice;
    },
  });

/** /admin/problems: open a problem record, then go to it. */
export const NEW_PROBLEM_FORMS: IntentTable = {
  "": formIntent({
    action: "incident.close",
    schema: CreateProblem,
    toInput: (form) => ({
      title: field(form, "title"),
      category: field(form, "category") || null,
      priority: field(form, "priority") || "P3",
    }),
    run: async (input, call) => ({ redirect: `/admin/problems/${(await createProblem(call.deps, call.ctx, input)).id}` }),
  }),
};

/** /admin/problems/[id]: the record's fields, its links, and its state. */
export const PROBLEM_FORMS: IntentTable = {
  fields: formIntent({
    action: "incident.close",
    schema: PatchProblem,
    toInput: (form) => ({
      title: field(form, "title"),
      category: field(form, "category") || null,
      priority: field(form, "priority"),
      rootCauseVisibility: visibilityFromText(field(form, "rootCauseVisibility")),
      ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, field(form, f) || null])),
    }),
    run: async (input, call) => {
      await patchProblem(call.deps, call.ctx, problemId(call), input);
      return t("form_problem.saved");
    },
  }),
  link: linking("addIncidents", t("form_problem.linked")),
  unlink: linking("removeIncidents", t("form_problem.removed")),
  attach: linking("addCommitments", t("form_problem.linked")),
  detach: linking("removeCommitments", t("form_problem.removed")),
  transition: formIntent({
    action: "incident.close",
    schema: TransitionProblem,
    toInput: (form) => ({
      state: field(form, "state"),
      announce: field(form, "announce") === "on",
      message: field(form, "message").trim() || undefined,
    }),
    run: async (input, call) => {
      const out = await transitionProblem(call.deps, call.ctx, problemId(call), input);
      return out.announcementIds.length
        ? tp("form_problem.closed_and_announced", out.announcementIds.length)
        : t("form_problem.moved_to", { state: problemStateLabel(input.state).toLowerCase() });
    },
  }),
};
