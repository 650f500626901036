import type { LabelMatcher } from "../../../db/schema/index.ts";
import { t } from "../../i18n/console/index.ts";
import { field } from "../../lib/forms.ts";
import { createContact, deleteContact } from "../../services/escalations/admin.ts";
import { CreateContact } from "../../services/escalations/schemas.ts";
import { createRule, deleteRule } from "../../services/intake/rules-admin.ts";
import { CreateRule, CreateSource } from "../../services/intake/schemas.ts";
import { createSource, revokeSource } from "../../services/intake/sources.ts";
import { type FormIntent, formIntent, type IntentCall, type IntentTable } from "../form-action.ts";

/** "service=api, env!=staging, host=~web.*" → matchers; the operators are Prometheus's. */
export function parseMatchers(text: string): Partial<LabelMatcher>[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^([^=!~\s]+)\s*(=~|!=|=)\s*(.*)$/.exec(part);
      return m ? { label: m[1], op: m[2] as LabelMatcher["op"], value: (m[3] ?? "").replace(/^"|"$/g, "") } : { label: part };
    });
}

const num = (v: string, fallback: number): number => (v === "" ? fallback : Number(v));

/** Deletes the row named by the form's `id`. */
const removal = (remove: (call: IntentCall, id: string) => Promise<void>): FormIntent =>
  formIntent({
    action: "settings.write",
    run: async (_input, call) => {
      await remove(call, field(call.form, "id"));
      return t("form.saved");
    },
  });

/** /admin/intake: alert sources, routing rules and on-call contacts. */
export const INTAKE_FORMS: IntentTable = {
  "create-source": formIntent({
    action: "settings.write",
    schema: CreateSource,
    toInput: (form) => ({ name: field(form, "name"), kind: field(form, "kind") }),
    run: async (input, call) => {
      const created = await createSource(call.deps, call.ctx, input);
      return { data: { name: created.name, token: created.token, endpoint: created.endpoint } };
    },
  }),
  "revoke-source": removal((call, id) => revokeSource(call.deps, call.ctx, id)),
  "create-rule": formIntent({
    action: "settings.write",
    schema: CreateRule,
    toInput: (form) => ({
      name: field(form, "name"),
      position: num(field(form, "position"), 0),
      matchers: parseMatchers(field(form, "matchers")),
      componentIds: ([] as string[]).concat(form.componentIds ?? []).filter(Boolean),
      action: field(form, "action"),
      componentStatus: field(form, "componentStatus") || null,
      minHoldSeconds: num(field(form, "minHoldSeconds"), 0),
      enabled: true,
    }),
    run: async (input, call) => {
      await createRule(call.deps, call.ctx, input);
      return t("form.saved");
    },
  }),
  "delete-rule": removal((call, id) => deleteRule(call.deps, call.ctx, id)),
  "create-contact": formIntent({
    action: "settings.write",
    schema: CreateContact,
    toInput: (form) => {
      const scope = field(form, "scope");
      const who = field(form, "who");
      return {
        componentId: scope.startsWith("c:") ? scope.slice(2) : null,
        category: scope === "category" ? field(form, "category") : null,
        level: num(field(form, "level"), 1),
        memberId: who.startsWith("m:") ? who.slice(2) : null,
        email: who === "email" ? field(form, "email") : null,
        webhookUrl: field(form, "webhookUrl") || null,
        ackMinutes: num(field(form, "ackMinutes"), 15),
      };
    },
    run: async (input, call) => {
      await createContact(call.deps, call.ctx, input);
      return t("form.saved");
    },
  }),
  "delete-contact": removal((call, id) => deleteContact(call.deps, call.ctx, id)),
};
