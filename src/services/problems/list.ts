import { count, desc, eq } from "drizzle-orm";
import { problem, problemCommitment, problemIncident } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";

export interface ProblemSummary {
  id: string;
  title: string;
  category: string | null;
  priority: string;
  state: string;
  incidents: number;
  commitments: number;
  updatedAt: Date;
}

/** Every problem, most recently changed first, with how many incidents and commitments each has. */
export async function listProblems(deps: Pick<Deps, "db">): Promise<ProblemSummary[]> {
  const incidents = deps.db
    .select({ problemId: problemIncident.problemId, n: count().as("n") })
    .from(problemIncident)
    .groupBy(problemIncident.problemId)
    .as("pi");
  const commitments = deps.db
    .select({ problemId: problemCommitment.problemId, n: count().as("m") })
    .from(problemCommitment)
    .groupBy(problemCommitment.problemId)
    .as("pc");
  const rows = await deps.db
    .select({ p: problem, incidents: incidents.n, commitments: commitments.n })
    .from(problem)
    .leftJoin(incidents, eq(incidents.problemId, problem.id))
    .leftJoin(commitments, eq(commitments.problemId, problem.id))
    .orderBy(desc(problem.updatedAt));
  return rows.map(({ p, incidents: i, commitments: c }) => ({
    id: p.id,
    title: p.title,
    category: p.category,
    priority: p.priority,
    state: p.state,
    incidents: i ?? 0,
    commitments: c ?? 0,
    updatedAt: p.updatedAt,
  }));
}
