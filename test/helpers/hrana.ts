import { DatabaseSync, type SQLInputValue } from "node:sqlite";

/**
 * Hrana's shared structures (JSON encoding) and their execution on a libSQL connection, for the
 * test stand-in in libsql-server.ts. Shapes follow the Hrana 3 specification in the libSQL
 * repository (docs/HRANA_3_SPEC.md, "Shared structures").
 */

export type HranaValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | { type: "float"; value: number }
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };

export interface HranaStmt {
  sql?: string | null;
  sql_id?: number | null;
  args?: HranaValue[];
  named_args?: { name: string; value: HranaValue }[];
  want_rows?: boolean;
}

export interface HranaStmtResult {
  cols: { name: string | null; decltype: string | null }[];
  rows: HranaValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}

export type HranaCond =
  | { type: "ok"; step: number }
  | { type: "error"; step: number }
  | { type: "not"; cond: HranaCond }
  | { type: "and"; conds: HranaCond[] }
  | { type: "or"; conds: HranaCond[] }
  | { type: "is_autocommit" };

export interface HranaError {
  message: string;
  code: string | null;
}

/**
 * The stand-in's own connection to its file: Node's built-in SQLite (node:sqlite), which reads and
 * writes the same file format as libSQL. Its statements are reset after every failure, so a busy
 * statement never stays "in progress" on the connection.
 */
export type Connection = DatabaseSync;

/** A connection that never waits for a lock: a busy database answers SQLITE_BUSY at once, and the stand-in waits asynchronously. */
export function openConnection(file: string): Connection {
  const connection = new DatabaseSync(file, { timeout: 0 });
  connection.exec("PRAGMA journal_mode=WAL");
  connection.exec("PRAGMA foreign_keys=ON");
  return connection;
}

/** SQLite's result codes by number, named as libSQL servers name them in Hrana errors. */
const CODES: Record<number, string> = {
  1: "SQLITE_ERROR",
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  8: "SQLITE_READONLY",
  10: "SQLITE_IOERR",
  11: "SQLITE_CORRUPT",
  13: "SQLITE_FULL",
  19: "SQLITE_CONSTRAINT",
  20: "SQLITE_MISMATCH",
  25: "SQLITE_RANGE",
  275: "SQLITE_CONSTRAINT_CHECK",
  787: "SQLITE_CONSTRAINT_FOREIGNKEY",
  1299: "SQLITE_CONSTRAINT_NOTNULL",
  1555: "SQLITE_CONSTRAINT_PRIMARYKEY",
  2067: "SQLITE_CONSTRAINT_UNIQUE",
};

/** A statement failure, carried as Hrana's Error structure. */
export class StatementError extends Error {
  readonly code: string | null;
  constructor(message: string, code: string | null) {
    super(message);
    this.code = code;
  }
  toHrana(): HranaError {
    return { message: this.message, code: this.code };
  }
}

export function isBusy(err: unknown): boolean {
  return err instanceof StatementError && (err.code ?? "").startsWith("SQLITE_BUSY");
}

export function toStatementError(err: unknown): StatementError {
  if (err instanceof StatementError) return err;
  const e = err as { message?: string; errcode?: number; errstr?: string };
  const errcode = e.errcode ?? 1;
  const code = CODES[errcode] ?? CODES[errcode & 0xff] ?? "SQLITE_ERROR";
  return new StatementError(e.message ?? String(err), code);
}

export function decodeValue(value: HranaValue): SQLInputValue {
  switch (value.type) {
    case "null":
      return null;
    case "integer":
      return BigInt(value.value);
    case "float":
      return value.value;
    case "text":
      return value.value;
    case "blob":
      return new Uint8Array(Buffer.from(value.base64, "base64"));
  }
}

export function encodeValue(value: unknown): HranaValue {
  if (value === null || value === undefined) return { type: "null" };
  if (typeof value === "bigint") return { type: "integer", value: value.toString() };
  if (typeof value === "number") return Number.isInteger(value) ? { type: "integer", value: String(value) } : { type: "float", value };
  if (typeof value === "string") return { type: "text", value };
  if (value instanceof Uint8Array) return { type: "blob", base64: Buffer.from(value).toString("base64") };
  return { type: "text", value: String(value) };
}

/** Rows changed by a statement that also returns rows (INSERT … RETURNING) are read with changes(). */
const WRITES = /^\s*(insert|update|delete|replace|with)\b/i;

export function executeStmt(db: Connection, stmt: HranaStmt, storedSql: Map<number, string>): HranaStmtResult {
  const sql = stmt.sql ?? (stmt.sql_id !== undefined && stmt.sql_id !== null ? storedSql.get(stmt.sql_id) : undefined);
  if (sql === undefined) throw new StatementError("The statement names no SQL text (or an unknown sql_id)", "SQL_NOT_FOUND");
  try {
    const prepared = db.prepare(sql);
    prepared.setReadBigInts(true);
    const named = stmt.named_args ?? [];
    const params = named.length
      ? [Object.fromEntries(named.map((a) => [a.name.replace(/^[:@$]/, ""), decodeValue(a.value)]))]
      : (stmt.args ?? []).map(decodeValue);
    const columns = prepared.columns();
    if (columns.length > 0) {
      prepared.setReturnArrays(true);
      const rows = prepared.all(...(params as SQLInputValue[])) as unknown as unknown[][];
      let affected = 0;
      let lastId: string | null = null;
      if (WRITES.test(sql)) {
        const info = db.prepare("SELECT changes() AS c, last_insert_rowid() AS r").get() as { c: number; r: number };
        affected = Number(info.c);
        lastId = String(info.r);
      }
      return {
        cols: columns.map((c) => ({ name: c.name, decltype: c.type ?? null })),
        rows: stmt.want_rows === false ? [] : rows.map((r) => r.map(encodeValue)),
        affected_row_count: affected,
        last_insert_rowid: lastId,
      };
    }
    const info = prepared.run(...(params as SQLInputValue[]));
    return { cols: [], rows: [], affected_row_count: Number(info.changes), last_insert_rowid: String(info.lastInsertRowid) };
  } catch (err) {
    throw toStatementError(err);
  }
}

function evaluate(
  cond: HranaCond | null | undefined,
  results: (HranaStmtResult | null)[],
  errors: (HranaError | null)[],
  db: Connection,
): boolean {
  if (!cond) return true;
  switch (cond.type) {
    case "ok":
      return results[cond.step] != null;
    case "error":
      return errors[cond.step] != null;
    case "not":
      return !evaluate(cond.cond, results, errors, db);
    case "and":
      return cond.conds.every((c) => evaluate(c, results, errors, db));
    case "or":
      return cond.conds.some((c) => evaluate(c, results, errors, db));
    case "is_autocommit":
      return !db.isTransaction;
  }
}

export interface BatchStep {
  condition?: HranaCond | null;
  stmt: HranaStmt;
}

/**
 * Runs a batch's steps in order, each only when its condition holds. A busy first step is thrown
 * (the stand-in waits and runs the whole batch again); any other failure is the step's error.
 */
export function executeBatch(
  db: Connection,
  steps: BatchStep[],
  storedSql: Map<number, string>,
): { step_results: (HranaStmtResult | null)[]; step_errors: (HranaError | null)[] } {
  const results: (HranaStmtResult | null)[] = [];
  const errors: (HranaError | null)[] = [];
  steps.forEach((step, i) => {
    results.push(null);
    errors.push(null);
    if (!evaluate(step.condition, results, errors, db)) return;
    try {
      results[i] = executeStmt(db, step.stmt, storedSql);
    } catch (err) {
      if (i === 0 && isBusy(err)) throw err;
      errors[i] = toStatementError(err).toHrana();
    }
  });
  return { step_results: results, step_errors: errors };
}
