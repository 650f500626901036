import type { ZodType } from "zod";
import type { ServiceContext } from "../auth/context.ts";
import { forbiddenPage } from "../auth/guard.ts";
import { type Action, can } from "../auth/permissions.ts";
import type { Deps } from "../deps.ts";
import { t } from "../i18n/console/index.ts";
import { type FormProblem, field, formProblem, parseForm, readForm } from "../lib/forms.ts";
import { forbiddenReason } from "./action-labels.ts";

export type FormValues = Record<string, string | string[]>;

/** What an intent's run gets besides its parsed input. */
export interface IntentCall {
  deps: Deps;
  ctx: ServiceContext;
  form: FormValues;
  /** The page's route parameters (e.g. the incident id). */
  params: Record<string, string | undefined>;
  request: Request;
}

export interface IntentOutcome {
  notice?: string;
  /** See other: where the browser goes next (e.g. the thing just created). */
  redirect?: string;
  /** Keep the typed values in the form (e.g. after a preview). */
  keepForm?: boolean;
  /** Anything the page shows besides the notice (a preview, an import report, a new token). */
  data?: unknown;
  /** Response headers to add, such as a renewed session cookie. */
  headers?: [string, string][];
}

/** One console form submission: who may send it, how the form becomes the shared schema's input, and the one verb it calls. */
export interface FormIntent<I = unknown> {
  action: Action;
  /** Only reads (a preview): the adapter's role check is its guard, there is no verb to repeat it. */
  readsOnly?: boolean;
  schema?: ZodType<I>;
  toInput?: (form: FormValues, call: IntentCall) => unknown;
  run: (input: I, call: IntentCall) => Promise<IntentOutcome | string | undefined>;
  /** Maps the schema's error paths back to form field names when they differ. */
  fieldNames?: (fields: Record<string, string>, raw: unknown) => Record<string, string>;
}

/** A page's intents by the value of its forms' `intent` field; `""` is the form without one. */
export type IntentTable = Readonly<Record<string, FormIntent>>;

/** Declares one intent with its input type checked, stored in a table of any intents. */
export function formIntent<I>(def: FormIntent<I>): FormIntent {
  return def as FormIntent;
}

export interface FormResult {
  intent: string;
  notice?: string;
  problem?: FormProblem;
  /** Field errors keyed by form field name. */
  errors: Record<string, string>;
  /** The submitted values to show again; undefined after a success that clears the form. */
  form?: FormValues;
  data?: unknown;
  headers?: [string, string][];
}

const unknownIntent = (intent: string): FormResult => ({
  intent,
  errors: {},
  problem: { message: t("form.out_of_date"), fields: {}, status: 400 },
});

/**
 * The one way a console form is handled: check the role (a 403 page when it may not), parse with the
 * shared schema, call one verb, and return the notice or the problem. The verb checks the role again.
 */
export async function handleForm(table: IntentTable, call: Omit<IntentCall, "form">): Promise<FormResult | Response> {
  const form = await readForm(call.request, { files: true });
  const intent = field(form, "intent");
  const def = Object.hasOwn(table, intent) ? table[intent] : undefined;
  if (!def) return unknownIntent(intent);
  if (!can(call.ctx.actor, def.action)) return forbiddenPage(forbiddenReason(def.action));
  const full: IntentCall = { ...call, form };
  let raw: unknown = form;
  try {
    raw = def.toInput ? def.toInput(form, full) : form;
    const outcome = await def.run(def.schema ? parseForm(def.schema, raw) : raw, full);
    const done: IntentOutcome = typeof outcome === "string" ? { notice: outcome } : (outcome ?? {});
    if (done.redirect) return new Response(null, { status: 303, headers: [["Location", done.redirect], ...(done.headers ?? [])] });
    return { intent, errors: {}, notice: done.notice, data: done.data, form: done.keepForm ? form : undefined, headers: done.headers };
  } catch (err) {
    const problem = formProblem(err);
    return { intent, problem, errors: def.fieldNames ? def.fieldNames(problem.fields, raw) : problem.fields, form };
  }
}
