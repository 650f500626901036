import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { incident, preventionCommitment, problem, problemCommitment, problemIncident } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { parseVisibility, type Visibility } from "../../projection/index.ts";

export type ProblemRow = typeof problem.$inferSelect;

export async function requireProblem(db: DbOrTx, id: string): Promise<ProblemRow> {
  const [row] = await db.select().from(problem).where(eq(problem.id, id));
  if (!row) throw new NotFoundError(`Problem ${id}`);
  return row;
}

export interface ProblemDetail extends Omit<ProblemRow, "rootCauseVisibility"> {
  rootCauseVisibility: Visibility;
  incidents: { id: string; title: string; status: string; impact: string; visibility: Visibility; startedAt: Date }[];
  commitments: { id: string; incidentId: string; text: string; owner: string; state: string; dueAt: Date | null; visibility: Visibility }[];
}

/** One problem for the console and the admin API, with its incidents and commitments. */
export async function getProblem(deps: Pick<Deps, "db">, id: string): Promise<ProblemDetail> {
  const row = await requireProblem(deps.db, id);
  const incidents = await deps.db
    .select({
      id: incident.id,
      title: incident.title,
      status: incident.status,
      impact: incident.impact,
      visibility: incident.visibility,
      startedAt: incident.startedAt,
    })
    .from(problemIncident)
    .innerJoin(incident, eq(incident.id, problemIncident.incidentId))
    .where(eq(problemIncident.problemId, id))
    .orderBy(asc(incident.startedAt));
  const commitments = await deps.db
    .select({
      id: preventionCommitment.id,
      incidentId: preventionCommitment.incidentId,
      text: preventionCommitment.text,
      owner: preventionCommitment.owner,
      state: preventionCommitment.state,
      dueAt: preventionCommitment.dueAt,
      visibility: preventionCommitment.visibility,
    })
    .from(problemCommitment)
    .innerJoin(preventionCommitment, eq(preventionCommitment.id, problemCommitment.commitmentId))
    .where(eq(problemCommitment.problemId, id))
    .orderBy(asc(preventionCommitment.dueAt));
  return {
    ...row,
    rootCauseVisibility: parseVisibility(row.rootCauseVisibility),
    incidents: incidents.map((i) => ({ ...i, visibility: parseVisibility(i.visibility) })),
    commitments: commitments.map((c) => ({ ...c, visibility: parseVisibility(c.visibility) })),
  };
}
