import type { FieldIssue, FormProblem } from "../lib/forms.ts";
import type { MessageKey, Translator } from "./index.ts";

/**
 * Form errors in the reader's language. The schemas and services keep one language (the API and the
 * console read their English), so a public page words each failed field itself: the field's name and
 * zod's issue code (not its English text) pick a catalogue key, most specific first — "what.too_small",
 * then "what" — and a field with no entry gets the generic "check this field". A field a service refused
 * after parsing (an unknown component, a URL that is not a chat webhook) has no zod issue: its code is "rejected".
 */
const FIELD_KEYS: Record<string, MessageKey> = {
  email: "form.email",
  url: "form.url",
  channel: "form.choice",
  language: "form.choice",
  scope: "form.choice",
  components: "subscribe.chooseOne",
  groups: "subscribe.chooseOne",
  incidents: "form.choice",
  componentId: "form.component",
  rating: "form.rating",
  helpful: "form.helpful",
  code: "form.code",
  what: "form.whatShort",
  "what.too_small": "form.whatShort",
  "what.too_big": "form.tooLong",
  "comment.too_big": "form.tooLong",
  "url.rejected": "form.urlRejected",
  "code.rejected": "form.codeWrong",
  "components.rejected": "form.choice",
  "groups.rejected": "form.choice",
};

type ProblemKeys = Partial<Record<NonNullable<FormProblem["code"]>, MessageKey>>;

/** Page-level words by the error's code; anything else (a link gone stale, a conflict) reads as "try again". */
const PROBLEM_KEYS: ProblemKeys = {
  validation_failed: "form.checkFields",
  rate_limited: "subscribe.tooMany",
  database_busy: "form.unavailable",
  database_unavailable: "form.unavailable",
  storage_full: "form.unavailable",
  unavailable: "form.unavailable",
};

export interface TranslatedProblem {
  message: string;
  /** Field name → what to do, in the reader's language. */
  fields: Record<string, string>;
  status: number;
}

/** One field's message: by name and issue code, by name, else the generic one. */
export function fieldMessage(t: Translator, field: string, issue?: FieldIssue): string {
  const key = FIELD_KEYS[`${field}.${issue?.code ?? "rejected"}`] ?? FIELD_KEYS[field] ?? "form.checkField";
  return t(key, { max: t.number(issue?.maximum ?? 2000) });
}

/** The whole problem: a sentence for the alert, and one message per failed field; `own` words a page's own cases. */
export function translateProblem(t: Translator, problem: FormProblem, own: ProblemKeys = {}): TranslatedProblem {
  const fields: Record<string, string> = {};
  for (const name of new Set([...Object.keys(problem.issues ?? {}), ...Object.keys(problem.fields)]))
    fields[name] = fieldMessage(t, name, problem.issues?.[name]);
  const key =
    (problem.code && (own[problem.code] ?? PROBLEM_KEYS[problem.code])) ??
    (Object.keys(fields).length ? "form.checkFields" : "form.failed");
  return { message: t(key), fields, status: problem.status };
}
