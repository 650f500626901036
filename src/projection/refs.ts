import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { incident } from "../../db/schema/index.ts";
import { viewedVisibility } from "./drill.ts";
import type { Viewer } from "./viewer.ts";
import { canSee } from "./visibility.ts";

export interface IncidentRef {
  id: string;
  kind: "incident" | "maintenance";
  updatedAt: Date;
}

/** Just the ids of the published incidents and maintenances a viewer may see (sitemaps, exports). */
export async function loadIncidentRefs(db: DbOrTx, viewer: Viewer, limit = 1000): Promise<IncidentRef[]> {
  const rows = await db
    .select({ id: incident.id, kind: incident.kind, updatedAt: incident.updatedAt, visibility: incident.visibility, drill: incident.drill })
    .from(incident)
    .where(eq(incident.draft, false))
    .orderBy(desc(incident.startedAt));
  return rows
    .filter((r) => canSee(viewer, viewedVisibility(r)))
    .slice(0, limit)
    .map(({ id, kind, updatedAt }) => ({ id, kind, updatedAt }));
}
