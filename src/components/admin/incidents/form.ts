import { field } from "../../../lib/forms.ts";
import { utcToZoned, zonedToUtc } from "../../../lib/time-zone.ts";

type Form = Record<string, string | string[]> | undefined;

/**
 * A datetime-local value, read in the member's time zone, as ISO 8601 (UTC); empty stays undefined and
 * anything else is passed on for the schema to refuse in words.
 */
export function localToIso(value: string, zone = "UTC"): string | undefined {
  if (!value) return undefined;
  return zonedToUtc(value, zone)?.toISOString() ?? value;
}

/** An instant as a datetime-local value in the member's time zone. */
export function isoToLocal(value: Date | string | null | undefined, zone = "UTC"): string {
  if (!value) return "";
  return utcToZoned(new Date(value), zone);
}

const prefixed = (form: Form, prefix: string) =>
  Object.keys(form ?? {})
    .filter((k) => k.startsWith(prefix) && field(form, k).trim())
    .map((k) => ({ key: k.slice(prefix.length), value: field(form, k) }));

/** The fields an update composer posts, shaped for PostUpdate (validation happens in the service schema). */
export function updateFromForm(form: Form, zone = "UTC"): Record<string, unknown> {
  return {
    status: field(form, "status"),
    body: field(form, "body"),
    variants: prefixed(form, "variant.").map((v) => ({ audience: v.key, body: v.value })),
    internalNote: field(form, "internalNote").trim() || undefined,
    components: prefixed(form, "component.").map((c) => ({ id: c.key, status: c.value })),
    nextUpdateBy: localToIso(field(form, "nextUpdateBy"), zone),
    notify: field(form, "notify") === "on",
    reopen: field(form, "reopen") === "on",
  };
}

/** Maps service error paths (variants.0.audience) back to form field names (variant.acme). */
export function fieldErrors(fields: Record<string, string>, input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, msg] of Object.entries(fields)) {
    const [list, index] = path.split(".");
    const item = Array.isArray(input[list ?? ""]) ? (input[list ?? ""] as Record<string, string>[])[Number(index)] : undefined;
    if (list === "variants" && item) out[`variant.${item.audience}`] = msg;
    else if (list === "components" && item) out[`component.${item.id}`] = msg;
    else if (list === "commitments" && item) out[`commitments.${index}`] ??= msg;
    else out[list ?? path] = msg;
  }
  return out;
}

/** The cards a closure sends, by index: a card left blank (no text, no owner) is dropped. */
export function keptCommitmentCards(form: Form): number[] {
  return commitmentIndexes(form).filter((i) => field(form, `c.${i}.text`).trim() || field(form, `c.${i}.owner`).trim());
}

/** The closure form, shaped for CloseIncident: empty commitment rows are dropped. */
export function closureFromForm(form: Form, zone = "UTC"): Record<string, unknown> {
  const commitments = keptCommitmentCards(form).map((i) => {
    const vis = field(form, `c.${i}.visibility`) || "internal";
    return {
      text: field(form, `c.${i}.text`),
      owner: field(form, `c.${i}.owner`),
      dueAt: localToIso(field(form, `c.${i}.dueAt`), zone) ?? null,
      visibility: vis === "public" || vis === "internal" ? vis : [vis],
    };
  });
  return {
    summary: field(form, "summary").trim() || (field(form, "summaryTemplateId") ? undefined : ""),
    summaryTemplateId: field(form, "summaryTemplateId") || undefined,
    apology: field(form, "apology").trim() || undefined,
    apologyTemplateId: field(form, "apologyTemplateId") || undefined,
    apologyVariants: prefixed(form, "apology.").map((v) => ({ audience: v.key, body: v.value })),
    commitments,
    notify: field(form, "notify") === "on",
  };
}

/** The closure edit form, shaped for EditClosure: an empty apology field withdraws the public apology. */
export function closureEditFromForm(form: Form): Record<string, unknown> {
  return {
    summary: field(form, "summary"),
    apology: field(form, "apology").trim() || null,
    apologyVariants: prefixed(form, "apology.").map((v) => ({ audience: v.key, body: v.value })),
  };
}

const COMMITMENT_FIELDS = ["text", "owner", "dueAt", "visibility"] as const;

/** The commitment cards a closure form posted, in order (their index numbers as posted). */
export function commitmentIndexes(form: Form): number[] {
  const seen = new Set<number>();
  for (const k of Object.keys(form ?? {})) {
    const m = /^c\.(\d+)\.(?:text|owner|dueAt|visibility)$/.exec(k);
    if (m) seen.add(Number(m[1]));
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * The closure form with one commitment card more (`add`) or one fewer (`remove`, by its position;
 * the last when none is given), the cards numbered 0… again and every typed value kept.
 */
export function resizeCommitments(form: Form, change: { add: true } | { remove: number | null }): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(form ?? {})) if (!/^c\.\d+\./.test(k) && k !== "intent") out[k] = v;
  let cards = commitmentIndexes(form);
  if ("add" in change) cards = [...cards, -1];
  else {
    const at = change.remove !== null && change.remove >= 0 && change.remove < cards.length ? change.remove : cards.length - 1;
    cards = cards.filter((_, i) => i !== at);
  }
  cards.slice(0, 50).forEach((from, to) => {
    for (const name of COMMITMENT_FIELDS) out[`c.${to}.${name}`] = from < 0 ? "" : field(form, `c.${from}.${name}`);
  });
  return out;
}
