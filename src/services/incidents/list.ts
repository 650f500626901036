import { desc, eq } from "drizzle-orm";
import { incident, teamMember } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { parseVisibility, type Visibility } from "../../projection/index.ts";
import { CLOSED_STATUSES } from "./load.ts";

export interface IncidentSummary {
  id: string;
  title: string;
  impact: string;
  status: string;
  visibility: Visibility;
  priority: string | null;
  owner: string | null;
  startedAt: Date;
  resolvedAt: Date | null;
  nextUpdateBy: Date | null;
  open: boolean;
  overdue: boolean;
  /** A practice incident (shown as "Drill"). */
  drill: boolean;
}

/** The console's list: open incidents first (overdue ones at the very top), then the rest, newest first. */
export async function listIncidentsForTeam(
  deps: Pick<Deps, "db" | "clock">,
  query: { state?: "open" | "resolved" | "all"; limit?: number } = {},
): Promise<IncidentSummary[]> {
  const rows = await deps.db
    .select({ i: incident, owner: teamMember.name })
    .from(incident)
    .leftJoin(teamMember, eq(teamMember.id, incident.ownerId))
    .where(eq(incident.kind, "incident"))
    .orderBy(desc(incident.startedAt))
    .limit(2000);
  const now = deps.clock.now().getTime();
  const list = rows.map(({ i, owner }) => {
    const open = !CLOSED_STATUSES.includes(i.status);
    return {
      id: i.id,
      title: i.title,
      impact: i.impact,
      status: i.status,
      visibility: parseVisibility(i.visibility),
      priority: i.priority,
      owner,
      startedAt: i.startedAt,
      resolvedAt: i.resolvedAt,
      nextUpdateBy: i.nextUpdateBy,
      open,
      overdue: open && Boolean(i.nextUpdateBy && i.nextUpdateBy.getTime() < now),
      drill: i.drill,
    };
  });
  const rank = (s: IncidentSummary) => (s.overdue ? 0 : s.open ? 1 : 2);
  return list
    .filter((s) => query.state === undefined || query.state === "all" || (query.state === "open") === s.open)
    .sort((a, b) => rank(a) - rank(b) || b.startedAt.getTime() - a.startedAt.getTime())
    .slice(0, query.limit ?? 100);
}
