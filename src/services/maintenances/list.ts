import { asc, eq } from "drizzle-orm";
import { incident } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { parseVisibility, type Visibility } from "../../projection/index.ts";

export interface MaintenanceSummary {
  id: string;
  title: string;
  status: string;
  visibility: Visibility;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  autoTransition: boolean;
  reminderMinutes: number;
}

/** Every maintenance by window start: the console's calendar. */
export async function listMaintenances(deps: Pick<Deps, "db">): Promise<MaintenanceSummary[]> {
  const rows = await deps.db.select().from(incident).where(eq(incident.kind, "maintenance")).orderBy(asc(incident.scheduledFor));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    visibility: parseVisibility(r.visibility),
    scheduledFor: r.scheduledFor,
    scheduledUntil: r.scheduledUntil,
    autoTransition: r.autoTransition,
    reminderMinutes: r.reminderMinutes,
  }));
}
