import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { isAppError, ValidationError } from "../../lib/errors.ts";
import { addSubscriber } from "./add.ts";
import { parseCsv } from "./csv.ts";
import { AdminCreateSubscriber, type ImportSubscribers } from "./schemas.ts";

export interface ImportRowResult {
  /** 1-based line number in the CSV, counting the header as line 1. */
  line: number;
  email: string;
  status: "added" | "error";
  message?: string;
}

export interface ImportReport {
  total: number;
  added: number;
  failed: number;
  rows: ImportRowResult[];
}

const list = (v: string | undefined) =>
  (v ?? "")
    .split(/[;|\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
const bool = (v: string | undefined) =>
  v === undefined || v.trim() === "" ? undefined : ["1", "true", "yes", "y"].includes(v.trim().toLowerCase());

/**
 * Imports a CSV with a header row: `email` (required), `components`, `groups`, `audiences`
 * (ids or slugs separated by ; or spaces), `maintenance` (yes/no), `language`. Each row is its
 * own transaction; a bad row is reported with its line and reason and changes nothing.
 */
export async function importSubscribers(
  deps: Pick<Deps, "db" | "clock" | "env">,
  ctx: ServiceContext,
  input: ImportSubscribers,
): Promise<ImportReport> {
  authorize(ctx, "subscriber.manage");
  const [header, ...rows] = parseCsv(input.csv);
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  if (!columns.includes("email"))
    throw new ValidationError("The CSV needs a header row with an email column", [{ path: "csv", message: "missing email column" }]);
  if (rows.length > 50_000) throw new ValidationError("At most 50,000 rows per import", [{ path: "csv", message: "too many rows" }]);
  const results: ImportRowResult[] = [];
  for (const [i, cells] of rows.entries()) {
    const get = (name: string) => cells[columns.indexOf(name)];
    const email = (get("email") ?? "").trim();
    const parsed = AdminCreateSubscriber.safeParse({
      email,
      components: list(get("components")),
      groups: list(get("groups")),
      audiences: list(get("audiences")),
      maintenance: bool(get("maintenance")),
      language: get("language")?.trim() || undefined,
      consent: input.consent,
    });
    const line = i + 2;
    if (!parsed.success) {
      results.push({
        line,
        email,
        status: "error",
        message: parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; "),
      });
      continue;
    }
    try {
      await addSubscriber(deps, ctx, parsed.data);
      results.push({ line, email: parsed.data.email, status: "added" });
    } catch (err) {
      if (!isAppError(err)) throw err;
      const details = err.details?.map((d) => `${d.path}: ${d.message}`).join("; ");
      results.push({ line, email, status: "error", message: details ? `${err.message} (${details})` : err.message });
    }
  }
  const added = results.filter((r) => r.status === "added").length;
  return { total: results.length, added, failed: results.length - added, rows: results };
}
