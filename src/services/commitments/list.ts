import { asc, eq } from "drizzle-orm";
import { incident, preventionCommitment } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { matches } from "../../lib/search.ts";
import { parseVisibility, type Visibility } from "../../projection/index.ts";

export interface CommitmentCard {
  id: string;
  incidentId: string;
  incidentTitle: string;
  text: string;
  owner: string;
  dueAt: Date | null;
  state: string;
  visibility: Visibility;
  overdue: boolean;
}

/** The commitments board: every commitment, grouped by the caller, oldest due date first. */
export async function listCommitments(deps: Pick<Deps, "db" | "clock">): Promise<CommitmentCard[]> {
  const rows = await deps.db
    .select({ c: preventionCommitment, title: incident.title })
    .from(preventionCommitment)
    .innerJoin(incident, eq(incident.id, preventionCommitment.incidentId))
    .orderBy(asc(preventionCommitment.dueAt), asc(preventionCommitment.createdAt));
  const now = deps.clock.now().getTime();
  return rows.map(({ c, title }) => ({
    id: c.id,
    incidentId: c.incidentId,
    incidentTitle: title,
    text: c.text,
    owner: c.owner,
    dueAt: c.dueAt,
    state: c.state,
    visibility: parseVisibility(c.visibility),
    overdue: Boolean(c.dueAt && c.dueAt.getTime() < now && (c.state === "planned" || c.state === "in_progress")),
  }));
}

export interface CommitmentFilter {
  /** An owner's name, exactly as stored. */
  owner?: string | null;
  /** "open" (planned or in progress, the default), "all", or one state. */
  state?: string | null;
  overdue?: boolean;
  /** Words to find in the commitment, its owner or its incident's title. */
  q?: string | null;
}

/** The board's filters: open commitments by default, overdue ones first, then by due date. */
export function filterCommitments(cards: CommitmentCard[], f: CommitmentFilter): CommitmentCard[] {
  const state = f.state || "open";
  return cards
    .filter((c) => (state === "open" ? c.state === "planned" || c.state === "in_progress" : state === "all" || c.state === state))
    .filter((c) => !f.owner || c.owner === f.owner)
    .filter((c) => !f.overdue || c.overdue)
    .filter((c) => matches(`${c.text} ${c.owner} ${c.incidentTitle}`, f.q ?? null))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue));
}
