import type { LabelMatcher } from "../../../../db/schema/index.ts";
import type { ServiceContext } from "../../../auth/context.ts";
import type { Deps } from "../../../deps.ts";
import { type FormProblem, field, formProblem, parseForm } from "../../../lib/forms.ts";
import { createContact, deleteContact } from "../../../services/escalations/admin.ts";
import { CreateContact } from "../../../services/escalations/schemas.ts";
import { createRule, deleteRule } from "../../../services/intake/rules-admin.ts";
import { CreateRule, CreateSource } from "../../../services/intake/schemas.ts";
import { createSource, revokeSource } from "../../../services/intake/sources.ts";

export interface IntakeResult {
  notice?: string;
  problem?: FormProblem;
  intent?: string;
  created?: { name: string; token: string; endpoint: string };
}

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

const num = (v: string, fallback: number) => (v === "" ? fallback : Number(v));

/** One POST on the intake settings page; each intent calls one service. */
export async function handleIntakePost(deps: Deps, ctx: ServiceContext, form: Record<string, string | string[]>): Promise<IntakeResult> {
  const intent = field(form, "intent");
  try {
    if (intent === "create-source") {
      const created = await createSource(deps, ctx, parseForm(CreateSource, { name: field(form, "name"), kind: field(form, "kind") }));
      return { intent, created: { name: created.name, token: created.token, endpoint: created.endpoint } };
    }
    if (intent === "revoke-source") await revokeSource(deps, ctx, field(form, "id"));
    else if (intent === "create-rule") {
      const input = parseForm(CreateRule, {
        name: field(form, "name"),
        position: num(field(form, "position"), 0),
        matchers: parseMatchers(field(form, "matchers")),
        componentIds: ([] as string[]).concat(form.componentIds ?? []).filter(Boolean),
        action: field(form, "action"),
        componentStatus: field(form, "componentStatus") || null,
        minHoldSeconds: num(field(form, "minHoldSeconds"), 0),
        enabled: true,
      });
      await createRule(deps, ctx, input);
    } else if (intent === "delete-rule") await deleteRule(deps, ctx, field(form, "id"));
    else if (intent === "create-contact") {
      const scope = field(form, "scope");
      const who = field(form, "who");
      const input = parseForm(CreateContact, {
        componentId: scope.startsWith("c:") ? scope.slice(2) : null,
        category: scope === "category" ? field(form, "category") : null,
        level: num(field(form, "level"), 1),
        memberId: who.startsWith("m:") ? who.slice(2) : null,
        email: who === "email" ? field(form, "email") : null,
        webhookUrl: field(form, "webhookUrl") || null,
        ackMinutes: num(field(form, "ackMinutes"), 15),
      });
      await createContact(deps, ctx, input);
    } else if (intent === "delete-contact") await deleteContact(deps, ctx, field(form, "id"));
    else return { intent, problem: { message: "Unknown action", fields: {}, status: 400 } };
    return { intent, notice: "Saved." };
  } catch (err) {
    return { intent, problem: formProblem(err) };
  }
}
