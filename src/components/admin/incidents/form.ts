import { field } from "../../../lib/forms.ts";

type Form = Record<string, string | string[]> | undefined;

/** A datetime-local value (the console says UTC) as ISO 8601; empty stays undefined. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00Z` : value;
}

/** An ISO time for a datetime-local input (UTC). */
export function isoToLocal(value: Date | string | null | undefined): string {
  if (!value) return "";
  return new Date(value).toISOString().slice(0, 16);
}

const prefixed = (form: Form, prefix: string) =>
  Object.keys(form ?? {})
    .filter((k) => k.startsWith(prefix) && field(form, k).trim())
    .map((k) => ({ key: k.slice(prefix.length), value: field(form, k) }));

/** The fields an update composer posts, shaped for PostUpdate (validation happens in the service schema). */
export function updateFromForm(form: Form): Record<string, unknown> {
  return {
    status: field(form, "status"),
    body: field(form, "body"),
    variants: prefixed(form, "variant.").map((v) => ({ audience: v.key, body: v.value })),
    internalNote: field(form, "internalNote").trim() || undefined,
    components: prefixed(form, "component.").map((c) => ({ id: c.key, status: c.value })),
    nextUpdateBy: localToIso(field(form, "nextUpdateBy")),
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
    else out[list ?? path] = msg;
  }
  return out;
}

/** The closure form, shaped for CloseIncident: empty commitment rows are dropped. */
export function closureFromForm(form: Form): Record<string, unknown> {
  const rows = new Set(
    Object.keys(form ?? {})
      .filter((k) => /^c\.\d+\.text$/.test(k))
      .map((k) => k.split(".")[1] as string),
  );
  const commitments = [...rows]
    .filter((i) => field(form, `c.${i}.text`).trim() || field(form, `c.${i}.owner`).trim())
    .map((i) => {
      const vis = field(form, `c.${i}.visibility`) || "internal";
      return {
        text: field(form, `c.${i}.text`),
        owner: field(form, `c.${i}.owner`),
        dueAt: localToIso(field(form, `c.${i}.dueAt`)) ?? null,
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
