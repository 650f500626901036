import { t } from "../../i18n/console/index.ts";
import { field } from "../../lib/forms.ts";
import { CreateRunbook, EditRunbook } from "../../services/runbooks/schemas.ts";
import { createRunbook, decideProposal, editRunbook } from "../../services/runbooks/write.ts";
import { formIntent, type IntentTable } from "../form-action.ts";

/** /admin/runbooks: write a runbook, then go to it. */
export const NEW_RUNBOOK_FORMS: IntentTable = {
  "": formIntent({
    action: "incident.close",
    schema: CreateRunbook,
    toInput: (form) => ({
      title: field(form, "title"),
      componentId: field(form, "componentId") || null,
      category: field(form, "category") || null,
      body: field(form, "body"),
    }),
    run: async (input, call) => ({ redirect: `/admin/runbooks/${(await createRunbook(call.deps, call.ctx, input)).id}` }),
  }),
};

/** /admin/runbooks/[id]: publish a new version (the form without an intent), accept or reject a proposal. */
export const RUNBOOK_FORMS: IntentTable = {
  "": formIntent({
    action: "incident.close",
    schema: EditRunbook,
    toInput: (form) => ({ body: field(form, "body"), note: field(form, "note") || null }),
    run: async (input, call) =>
      t("form_runbooks.version_published", { version: (await editRunbook(call.deps, call.ctx, call.params.id ?? "", input)).version }),
  }),
  decide: formIntent({
    action: "incident.close",
    run: async (_input, call) => {
      const accept = field(call.form, "decision") === "accept";
      await decideProposal(call.deps, call.ctx, call.params.id ?? "", field(call.form, "proposalId"), accept);
      return accept ? t("form_runbooks.proposal_published") : t("form_runbooks.proposal_rejected");
    },
  }),
};
