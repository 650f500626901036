import { t } from "../../i18n/console/index.ts";

/** Words for the API reference page: JSON Schema types as a reader says them, and each operation's success answers. */
type Schema = { type?: string | string[]; enum?: unknown[]; const?: unknown; $ref?: string; anyOf?: Schema[]; items?: Schema };
type Responses = Record<
  string,
  { description: string; content?: Record<string, { schema: Schema & { properties?: Record<string, Schema>; required?: string[] } }> }
>;

const refName = (ref: string): string => ref.split("/").at(-1) ?? ref;

/** `string`, `Incident`, `list of Update`, `"public" | "internal"`, `Instant or null`. */
export function typeLabel(schema: Schema): string {
  if (schema.$ref) return refName(schema.$ref);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.anyOf) {
    const options = schema.anyOf.filter((s) => s.type !== "null").map(typeLabel);
    const nullable = schema.anyOf.some((s) => s.type === "null");
    return nullable ? t("api.type_or_null", { type: options.join(" | ") }) : options.join(" | ");
  }
  if (schema.type === "array") return t("api.type_list_of", { type: schema.items ? typeLabel(schema.items) : t("api.type_values") });
  if (!Array.isArray(schema.type)) return schema.type ?? "any";
  const types = schema.type.filter((t) => t !== "null");
  return types.length < schema.type.length ? t("api.type_or_null", { type: types.join(" | ") }) : types.join(" | ");
}

export interface Field {
  name: string;
  type: string;
  always: boolean;
}

/** The top-level fields of an object schema; none for anything else. */
export function fieldsOf(schema: Schema & { properties?: Record<string, Schema>; required?: string[] }): Field[] | undefined {
  if (!schema.properties) return undefined;
  return Object.entries(schema.properties).map(([name, s]) => ({
    name,
    type: typeLabel(s),
    always: schema.required?.includes(name) ?? false,
  }));
}

export interface Answer {
  status: string;
  description: string;
  /** The body's named type (`Incident`), described under Types. */
  named?: string;
  /** A short label for a body that is neither named nor an object (`string (text/csv)`). */
  body?: string;
  /** The top-level fields of an unnamed object body, for a table. */
  fields?: Field[];
}

/** The 2xx answers of one operation, in status order. */
export function answersOf(responses: Responses): Answer[] {
  return Object.entries(responses)
    .filter(([status]) => status.startsWith("2"))
    .map(([status, answer]) => {
      const [media, content] = Object.entries(answer.content ?? {})[0] ?? [];
      if (!content) return { status, description: answer.description };
      const schema = content.schema;
      if (schema.$ref) return { status, description: answer.description, named: refName(schema.$ref) };
      const fields = fieldsOf(schema);
      return { status, description: answer.description, fields, body: fields ? undefined : `${typeLabel(schema)} (${media})` };
    });
}
