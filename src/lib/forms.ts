import type { ZodType, z } from "zod";
import { AppError, databaseFaultError, type ErrorCode, isAppError, zodDetails } from "./errors.ts";

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

/** What went wrong with one field, in words no language owns: zod's issue code and its limits. */
export interface FieldIssue {
  code: string;
  maximum?: number;
  minimum?: number;
}

export interface FormProblem {
  message: string;
  fields: Record<string, string>;
  status: number;
  /** The error's code (validation_failed, rate_limited…), so a public page can word it in the reader's language. */
  code?: ErrorCode;
  /** Per field, the first zod issue (for forms parsed by parseForm): public pages translate from these, not from `fields`. */
  issues?: Record<string, FieldIssue>;
}

/** A form that failed its schema: the AppError the API and console know, plus each field's zod issue. */
export class FormInputError extends AppError {
  readonly issues: Record<string, FieldIssue>;
  constructor(issues: ReadonlyArray<z.core.$ZodIssue>) {
    super("validation_failed", "Some fields need attention", zodDetails(issues));
    this.issues = {};
    for (const i of issues) {
      const path = i.path.map(String).join(".") || "(root)";
      if (this.issues[path]) continue;
      const limits = i as { maximum?: unknown; minimum?: unknown };
      this.issues[path] = {
        code: i.code,
        ...(typeof limits.maximum === "number" ? { maximum: limits.maximum } : {}),
        ...(typeof limits.minimum === "number" ? { minimum: limits.minimum } : {}),
      };
    }
  }
}

/** Turns what a service threw into a message for the page and per-field messages. */
export function formProblem(err: unknown): FormProblem {
  if (isAppError(err)) {
    const fields: Record<string, string> = {};
    for (const d of err.details ?? []) if (d.path && !fields[d.path]) fields[d.path] = d.message;
    const issues = err instanceof FormInputError ? { issues: err.issues } : {};
    return { message: err.message, fields, status: err.status, code: err.code, ...issues };
  }
  const fault = databaseFaultError(err);
  if (fault) return { message: fault.message, fields: {}, status: fault.status, code: fault.code };
  throw err;
}

/** Parses a form with a zod schema; failures become an AppError naming each field (and keeping its zod issue). */
export function parseForm<T>(schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new FormInputError(result.error.issues);
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
