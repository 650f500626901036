import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { incident } from "../../../db/schema/index.ts";
import { NotFoundError } from "../../lib/errors.ts";

export type IncidentRow = typeof incident.$inferSelect;

/** The incident (or maintenance, or either with "any") row for a write, or 404. */
export async function requireIncident(db: DbOrTx, id: string, kind: IncidentRow["kind"] | "any" = "incident"): Promise<IncidentRow> {
  const [row] = await db.select().from(incident).where(eq(incident.id, id));
  if (!row || (kind !== "any" && row.kind !== kind))
    throw new NotFoundError(kind === "maintenance" ? `Maintenance ${id}` : `Incident ${id}`);
  return row;
}

export const CLOSED_STATUSES = ["resolved", "postmortem"];
