import { type SQL, sql } from "drizzle-orm";
import { incident } from "../../db/schema/index.ts";

/**
 * The one rule for drills (practice incidents): whatever visibility is stored, a drill is seen as
 * "internal", so only the team sees it, and no status, history, feed, /api/v2 answer, email or
 * webhook for anyone else can carry it. Every incident read in the projection goes through these.
 */
export function viewedVisibility(row: { visibility: string; drill: boolean }): string {
  return row.drill ? "internal" : row.visibility;
}

/** The same rule in SQL, for reads that select columns rather than rows. */
export const viewedVisibilitySql: SQL<string> = sql<string>`CASE WHEN ${incident.drill} THEN 'internal' ELSE ${incident.visibility} END`;
