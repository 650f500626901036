import { field, visibilityFromText } from "../../lib/forms.ts";

type Form = Record<string, string | string[]>;

export function visibilityToForm(v: "public" | "internal" | string[]): string {
  return Array.isArray(v) ? v.join(", ") : v;
}

const optionalInt = (v: string): number | undefined => (v.trim() === "" ? undefined : Number(v));

/** The console's component form as the API's JSON input (the schema then validates it). */
export function componentInputFromForm(form: Form): Record<string, unknown> {
  return {
    name: field(form, "name"),
    description: field(form, "description").trim() || null,
    groupId: field(form, "groupId") || null,
    position: optionalInt(field(form, "position")),
    status: field(form, "status") || undefined,
    visibility: visibilityFromText(field(form, "visibility")),
  };
}

export function groupInputFromForm(form: Form): Record<string, unknown> {
  return {
    name: field(form, "name"),
    description: field(form, "description").trim() || null,
    position: optionalInt(field(form, "position")),
    visibility: visibilityFromText(field(form, "visibility")),
  };
}
