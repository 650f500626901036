import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { importJob } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Actor } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError, ValidationError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { parseCsv } from "./csv.ts";
import { addChunk } from "./import-chunk.ts";
import { followingChecker, type ImportRowError, parseImportRow } from "./import-rows.ts";
import type { AdminCreateSubscriber, ImportSubscribers } from "./schemas.ts";

/** Rows committed per transaction: one synced commit per chunk instead of one per row. */
export const IMPORT_CHUNK = 500;
const LEASE_MS = 60_000;

export interface ImportJobView {
  id: string;
  state: "running" | "done";
  total: number;
  /** Rows committed so far (added or reported). */
  processed: number;
  added: number;
  failed: number;
  /** Every row that was not imported, with its line and reason. */
  rows: (ImportRowError & { status: "error" })[];
}

type Row = typeof importJob.$inferSelect;

function split(csv: string): { columns: string[]; rows: string[][] } {
  const [header, ...rows] = parseCsv(csv);
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  if (!columns.includes("email"))
    throw new ValidationError("The CSV needs a header row with an email column", [{ path: "csv", message: "missing email column" }]);
  if (rows.length > 50_000) throw new ValidationError("At most 50,000 rows per import", [{ path: "csv", message: "too many rows" }]);
  return { columns, rows };
}

export function importJobView(job: Row): ImportJobView {
  const rows = job.errors.map((e) => ({ ...e, status: "error" as const }));
  return { id: job.id, state: job.state, total: job.total, processed: job.cursor, added: job.added, failed: job.failed, rows };
}

/** Checks the CSV's shape and records the import as a job; rows are added by runImportJob. */
export async function createImportJob(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  input: ImportSubscribers,
): Promise<ImportJobView> {
  authorize(ctx, "subscriber.manage");
  const { rows } = split(input.csv);
  const now = deps.clock.now();
  const [job] = await deps.db
    .insert(importJob)
    .values({
      id: newId(),
      csv: input.csv,
      consent: input.consent,
      actor: ctx.actor as unknown as Record<string, unknown>,
      total: rows.length,
      errors: [],
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return importJobView(job as Row);
}

export async function getImportJob(deps: Pick<Deps, "db">, id: string): Promise<ImportJobView> {
  const [job] = await deps.db.select().from(importJob).where(eq(importJob.id, id));
  if (!job) throw new NotFoundError(`Import ${id}`);
  return importJobView(job);
}

/** The ten newest imports, for the console's progress list. */
export async function recentImportJobs(deps: Pick<Deps, "db">): Promise<ImportJobView[]> {
  const rows = await deps.db.select().from(importJob).orderBy(desc(importJob.createdAt)).limit(10);
  return rows.map(importJobView);
}

/** Imports not finished whose holder is gone (stopped, crashed): they resume where their cursor is. */
export async function unfinishedImports(deps: Pick<Deps, "db" | "clock">): Promise<string[]> {
  const free = or(isNull(importJob.leaseExpiresAt), lt(importJob.leaseExpiresAt, deps.clock.now()));
  const rows = await deps.db
    .select({ id: importJob.id })
    .from(importJob)
    .where(and(eq(importJob.state, "running"), free));
  return rows.map((r) => r.id);
}

/**
 * Runs (or resumes) an import from its cursor, one transaction per chunk that also moves the
 * cursor, so a stop or a crash leaves exactly the committed chunks and the job resumes after
 * them. `signal` stops it at the next chunk boundary. Resolves to the job as it stands.
 */
export async function runImportJob(
  deps: Pick<Deps, "db" | "clock" | "env">,
  id: string,
  owner: string,
  signal?: AbortSignal,
): Promise<ImportJobView> {
  const free = or(isNull(importJob.leaseExpiresAt), lt(importJob.leaseExpiresAt, deps.clock.now()), eq(importJob.leaseOwner, owner));
  const lease = () => ({ leaseOwner: owner, leaseExpiresAt: new Date(deps.clock.now().getTime() + LEASE_MS) });
  const [job] = await deps.db
    .update(importJob)
    .set(lease())
    .where(and(eq(importJob.id, id), eq(importJob.state, "running"), free))
    .returning();
  if (!job) return getImportJob(deps, id);
  const { columns, rows } = split(job.csv);
  const ctx: ServiceContext = { actor: job.actor as unknown as Actor };
  const check = await followingChecker(deps.db);
  let state = job;
  while (state.cursor < rows.length && !signal?.aborted) {
    const chunk = rows.slice(state.cursor, state.cursor + IMPORT_CHUNK);
    const base = state;
    state = await deps.db.transaction(async (tx) => {
      const errors: ImportRowError[] = [];
      const valid: { line: number; input: AdminCreateSubscriber }[] = [];
      for (const [i, cells] of chunk.entries()) {
        const line = base.cursor + i + 2;
        const parsed = parseImportRow(columns, cells, job.consent);
        const problem = parsed.success
          ? check(parsed.data)
          : parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ");
        if (parsed.success && !problem) valid.push({ line, input: parsed.data });
        else
          errors.push({
            line,
            email: parsed.success ? parsed.data.email : (cells[columns.indexOf("email")] ?? "").trim(),
            message: problem ?? "",
          });
      }
      errors.push(...(await addChunk(tx, deps, ctx, valid)));
      errors.sort((a, b) => a.line - b.line);
      const cursor = base.cursor + chunk.length;
      const [next] = await tx
        .update(importJob)
        .set({
          cursor,
          added: base.added + chunk.length - errors.length,
          failed: base.failed + errors.length,
          errors: [...base.errors, ...errors].slice(0, 5_000),
          updatedAt: deps.clock.now(),
          ...(cursor >= rows.length
            ? { state: "done" as const, finishedAt: deps.clock.now(), leaseOwner: null, leaseExpiresAt: null }
            : lease()),
        })
        .where(eq(importJob.id, id))
        .returning();
      return next as Row;
    });
  }
  if (state.state === "running") {
    [state] = (await deps.db.update(importJob).set({ leaseOwner: null, leaseExpiresAt: null }).where(eq(importJob.id, id)).returning()) as [
      Row,
    ];
  }
  return importJobView(state);
}
