import { inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { incident, type ProblemState, preventionCommitment } from "../../../db/schema/index.ts";
import { AppError, ValidationError } from "../../lib/errors.ts";

/** Forward one step, back one step, close once verified, and reopen a closed problem. */
export const PROBLEM_NEXT: Record<ProblemState, ProblemState[]> = {
  identified: ["investigating"],
  investigating: ["root_cause_known", "identified"],
  root_cause_known: ["fix_in_progress", "investigating"],
  fix_in_progress: ["verifying", "root_cause_known"],
  verifying: ["closed", "fix_in_progress"],
  closed: ["investigating"],
};

/** States that need a known root cause; closing also needs how the fix was verified. */
const NEEDS_ROOT_CAUSE: ProblemState[] = ["root_cause_known", "fix_in_progress", "verifying", "closed"];

export function checkTransition(
  from: ProblemState,
  to: ProblemState,
  problem: { rootCause: string | null; verification: string | null },
): void {
  if (!PROBLEM_NEXT[from].includes(to))
    throw new AppError("unprocessable", `A problem cannot go from ${from} to ${to}`, [
      { path: "state", message: `allowed from ${from}: ${PROBLEM_NEXT[from].join(", ")}` },
    ]);
  if (NEEDS_ROOT_CAUSE.includes(to) && !problem.rootCause?.trim())
    throw new AppError("unprocessable", "Record the root cause first", [{ path: "rootCause", message: `required for ${to}` }]);
  if (to === "closed" && !problem.verification?.trim())
    throw new AppError("unprocessable", "Record how the fix was verified before closing", [
      { path: "verification", message: "required to close" },
    ]);
}

/** Every id must name an incident (not a maintenance). */
export async function requireIncidents(db: DbOrTx, ids: string[], path: string): Promise<void> {
  if (!ids.length) return;
  const rows = await db.select({ id: incident.id, kind: incident.kind }).from(incident).where(inArray(incident.id, ids));
  const found = new Set(rows.filter((r) => r.kind === "incident").map((r) => r.id));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) throw new ValidationError("An incident does not exist", [{ path: `${path}.${missing}`, message: "no such incident" }]);
}

export async function requireCommitments(db: DbOrTx, ids: string[], path: string): Promise<void> {
  if (!ids.length) return;
  const rows = await db.select({ id: preventionCommitment.id }).from(preventionCommitment).where(inArray(preventionCommitment.id, ids));
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0)
    throw new ValidationError("A commitment does not exist", [{ path: `${path}.${missing}`, message: "no such commitment" }]);
}
