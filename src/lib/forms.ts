import type { ZodType } from "zod";
import { AppError, databaseFaultError, isAppError, zodDetails } from "./errors.ts";

/** A form's fields as strings (repeated names become arrays), for re-rendering on error. */
export async function readForm(request: Request, options: { files?: boolean } = {}): Promise<Record<string, string | string[]>> {
  const data = await request.formData().catch(() => new FormData());
  const out: Record<string, string | string[]> = {};
  for (const [key, file] of data.entries()) {
    // An uploaded file (the console's CSV import) is read as text; a file input left empty is skipped.
    const value = typeof file === "string" ? file : options.files && file.size > 0 ? await file.text() : undefined;
    if (value === undefined) continue;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

export function field(form: Record<string, string | string[]> | undefined, name: string): string {
  const v = form?.[name];
  return Array.isArray(v) ? (v[0] ?? "") : (v ?? "");
}

export interface FormProblem {
  message: string;
  fields: Record<string, string>;
  status: number;
}

/** Turns what a service threw into a message for the page and per-field messages. */
export function formProblem(err: unknown): FormProblem {
  if (isAppError(err)) {
    const fields: Record<string, string> = {};
    for (const d of err.details ?? []) if (d.path && !fields[d.path]) fields[d.path] = d.message;
    return { message: err.message, fields, status: err.status };
  }
  const fault = databaseFaultError(err);
  if (fault) return { message: fault.message, fields: {}, status: fault.status };
  throw err;
}

/** Parses a form with a zod schema; failures become an AppError naming each field. */
export function parseForm<T>(schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError("validation_failed", "Some fields need attention", zodDetails(result.error.issues));
}

/** Only same-site relative paths may be redirect targets. */
export function safeNext(next: string | null | undefined, fallback = "/admin"): string {
  return next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : fallback;
}

/**
 * The console's visibility control: a radio `visibility` (internal | public | restricted) and,
 * for restricted, the ticked `audiences`. Returns the API's visibility value for the schema.
 */
export function visibilityFromChoice(form: Record<string, string | string[]> | undefined): unknown {
  const choice = field(form, "visibility");
  if (choice !== "restricted") return choice || "internal";
  return ([] as string[]).concat(form?.audiences ?? []);
}

/** Visibility typed as text: "public", "internal", or audience slugs separated by commas. */
export function visibilityFromText(value: string): "public" | "internal" | string[] {
  const v = value.trim();
  if (v === "public" || v === "internal" || v === "") return v || "internal";
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
