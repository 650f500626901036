import { t } from "../../i18n/console/index.ts";
import { field } from "../../lib/forms.ts";
import { createAudience } from "../../services/audiences/create.ts";
import { deleteAudience } from "../../services/audiences/delete.ts";
import { addAudienceMember, removeAudienceMember } from "../../services/audiences/members.ts";
import { AudienceMemberInput, CreateAudience } from "../../services/audiences/schemas.ts";
import { TransitionCommitment } from "../../services/commitments/schemas.ts";
import { transitionCommitment } from "../../services/commitments/transition.ts";
import { createTemplate } from "../../services/templates/create.ts";
import { CreateTemplate } from "../../services/templates/schemas.ts";
import { deleteTemplate } from "../../services/templates/update.ts";
import { type FormValues, formIntent, type IntentTable } from "../form-action.ts";

/** /admin/templates: add a template (the form without an intent) or delete one. */
export const TEMPLATE_FORMS: IntentTable = {
  "": formIntent({
    action: "template.manage",
    schema: CreateTemplate,
    toInput: (form) => ({
      kind: field(form, "kind"),
      name: field(form, "name"),
      status: field(form, "status") || null,
      title: field(form, "title") || null,
      body: field(form, "body"),
    }),
    run: async (input, call) => t("form_templates.template_added", { name: (await createTemplate(call.deps, call.ctx, input)).name }),
  }),
  delete: formIntent({
    action: "template.manage",
    run: async (_input, call) => {
      await deleteTemplate(call.deps, call.ctx, field(call.form, "id"));
      return t("form_templates.template_deleted");
    },
  }),
};

const member = (form: FormValues): unknown => ({ email: field(form, "email") });

/** /admin/audiences: add an audience, delete one, add or remove an explicit member. */
export const AUDIENCE_FORMS: IntentTable = {
  "": formIntent({
    action: "audience.manage",
    schema: CreateAudience,
    toInput: (form) => ({
      name: field(form, "name"),
      slug: field(form, "slug"),
      description: field(form, "description") || undefined,
      domains: field(form, "domains")
        .split(/[\s,]+/)
        .filter(Boolean),
      precedence: Number(field(form, "precedence") || 100),
    }),
    run: async (input, call) => t("form_audiences.audience_added", { name: (await createAudience(call.deps, call.ctx, input)).name }),
  }),
  /** The first press asks again (the page shows a confirmation); nothing is deleted yet. */
  delete: formIntent({
    action: "audience.manage",
    readsOnly: true,
    run: async (_input, call) => ({ data: { confirmDelete: field(call.form, "slug") } }),
  }),
  "delete-confirmed": formIntent({
    action: "audience.manage",
    run: async (_input, call) => {
      await deleteAudience(call.deps, call.ctx, field(call.form, "slug"));
      return t("form_audiences.audience_deleted");
    },
  }),
  "add-member": formIntent({
    action: "audience.manage",
    schema: AudienceMemberInput,
    toInput: member,
    run: async (input, call) => {
      await addAudienceMember(call.deps, call.ctx, field(call.form, "slug"), input);
      return t("form_audiences.member_added", { email: input.email ?? "" });
    },
  }),
  "remove-member": formIntent({
    action: "audience.manage",
    schema: AudienceMemberInput,
    toInput: member,
    run: async (input, call) => {
      await removeAudienceMember(call.deps, call.ctx, field(call.form, "slug"), input);
      return t("form_audiences.member_removed", { email: input.email ?? "" });
    },
  }),
};

/** /admin/commitments: move a commitment to another state, optionally announcing it. */
export const COMMITMENT_FORMS: IntentTable = {
  "": formIntent({
    action: "incident.close",
    schema: TransitionCommitment,
    toInput: (form) => ({
      state: field(form, "state"),
      announce: field(form, "announce") === "on",
      message: field(form, "message").trim() || undefined,
    }),
    run: async (input, call) => {
      await transitionCommitment(call.deps, call.ctx, field(call.form, "id"), input);
      return input.announce ? t("form_commitments.updated_and_announced") : t("form_commitments.updated");
    },
  }),
};
