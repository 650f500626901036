import type { InArgs, ResultSet, Row } from "@libsql/client";
import { type Column, getTableColumns, type SQL, sql, type Table } from "drizzle-orm";
import { clientOf, type Db, type DbOrTx } from "./client.ts";

/**
 * The column as an expression SQLite will not look up in an index (`+column`, SQLite's own
 * idiom). For a filter on a few ids plus a state, the state index alone would walk every row
 * in that state, which grows with every delivery ever sent; this keeps the planner on the id.
 */
export function notIndexed(column: Column): SQL {
  return sql`+${column}`;
}

/**
 * Reads many small rows as one JSON value: `SELECT json_group_array(json_array(columns…)) rest`,
 * parsed once. The driver converts every cell of an ordinary result one by one (safe integers,
 * named and indexed properties); for the thousand-odd rows behind the status page's 90-day
 * history that cost 5× what SQLite itself spent. Times come back as epoch milliseconds, JSON
 * columns as text unless wrapped in json().
 */
export async function jsonRows<T extends unknown[]>(db: DbOrTx, columns: (Column | SQL)[], rest: SQL): Promise<T[]> {
  const [row] = await db.all<{ rows: string | null }>(
    sql`SELECT json_group_array(json_array(${sql.join(columns, sql`, `)})) AS rows ${rest}`,
  );
  return JSON.parse(row?.rows ?? "[]") as T[];
}

/** A built drizzle statement (insert, update, delete) not yet run. */
export interface BuiltQuery {
  toSQL(): { sql: string; params: unknown[] };
}

/**
 * Writes that need nothing read between them, run as one write batch (BEGIN IMMEDIATE, the
 * statements, COMMIT): atomic like a transaction, but on a libSQL server one round trip instead
 * of one per statement plus COMMIT, so the write lock every instance shares is held that briefly.
 */
export async function writeBatch(db: Db, queries: (BuiltQuery | undefined)[]): Promise<ResultSet[]> {
  const statements = queries
    .filter((q): q is BuiltQuery => q !== undefined)
    .map((q) => {
      const built = q.toSQL();
      return { sql: built.sql, args: built.params as InArgs };
    });
  return statements.length ? clientOf(db).batch(statements, "write") : [];
}

/** A raw driver row of `table` (as a `RETURNING *` in a write batch gives it) as drizzle would return it. */
export function rowOf<T extends Table>(table: T, raw: Row): T["$inferSelect"] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as T["$inferSelect"];
}
