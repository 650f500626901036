import { type Column, type SQL, sql } from "drizzle-orm";

/**
 * The column as an expression SQLite will not look up in an index (`+column`, SQLite's own
 * idiom). For a filter on a few ids plus a state, the state index alone would walk every row
 * in that state, which grows with every delivery ever sent; this keeps the planner on the id.
 */
export function notIndexed(column: Column): SQL {
  return sql`+${column}`;
}
