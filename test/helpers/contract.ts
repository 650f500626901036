import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

type Json = Record<string, unknown>;
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Json }> }> }>>;
  components: Json;
}

/**
 * Checks real answers of the admin API against its own OpenAPI document: the status must be one the
 * operation documents as a success, and the body must validate against that status's schema (JSON
 * Schema 2020-12, refs into components.schemas), so the document cannot promise what the API does not send.
 */
export function contractOf(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const compiled = new Map<string, ValidateFunction>();
  const templates = Object.keys(doc.paths).map((template) => ({
    template,
    params: (template.match(/\{/g) ?? []).length,
    pattern: new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+").replace(/\./g, "\\.")}$`),
  }));
  /** The documented operation a concrete request reaches: the literal path wins over a parameter. */
  const operationOf = (method: string, path: string) =>
    templates.filter((t) => t.pattern.test(path) && doc.paths[t.template]?.[method.toLowerCase()]).sort((a, b) => a.params - b.params)[0]
      ?.template;

  /** Returns what is wrong with this answer (nothing when it keeps the contract) and the operation it reached. */
  async function check(method: string, path: string, res: Response): Promise<{ operation: string; problems: string[] }> {
    const template = operationOf(method, path.split("?")[0] ?? path);
    if (!template) return { operation: `${method} ${path}`, problems: [`${method} ${path} is not in the document`] };
    const operation = `${method} ${template}`;
    const documented = doc.paths[template]?.[method.toLowerCase()]?.responses ?? {};
    const answer = documented[String(res.status)];
    const text = await res.clone().text();
    if (!answer || res.status >= 300)
      return { operation, problems: [`${operation} answered ${res.status}, not a documented success: ${text.slice(0, 300)}`] };
    const content = answer.content;
    if (!content)
      return { operation, problems: text ? [`${operation} answered ${res.status} with a body the document does not describe`] : [] };
    const type = (res.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
    const media = content[type];
    if (!media) return { operation, problems: [`${operation} answered ${type}, the document says ${Object.keys(content).join(", ")}`] };
    const key = `${operation} ${res.status} ${type}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile({ ...media.schema, components: doc.components });
      compiled.set(key, validate);
    }
    const body = type === "application/json" ? JSON.parse(text) : text;
    if (validate(body)) return { operation, problems: [] };
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
    return { operation, problems: [`${operation} ${res.status}: ${errors.slice(0, 5).join("; ")}`] };
  }
  return { check };
}
