import { problem } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { newId } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";
import { storedVisibility } from "../incidents/rules.ts";
import { applyLinks } from "./links.ts";
import type { CreateProblem } from "./schemas.ts";

/** Opens a problem record, optionally linking incidents and attaching commitments at once. */
export async function createProblem(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, input: CreateProblem): Promise<{ id: string }> {
  authorize(ctx, "incident.close");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const id = newId();
    const rootCauseVisibility = await storedVisibility(tx, input.rootCauseVisibility, "rootCauseVisibility");
    await tx.insert(problem).values({
      id,
      title: input.title,
      category: input.category ?? null,
      priority: input.priority,
      investigationNotes: input.investigationNotes ?? null,
      rootCause: input.rootCause ?? null,
      rootCauseVisibility,
      fixPlan: input.fixPlan ?? null,
      changes: input.changes ?? null,
      verification: input.verification ?? null,
      stateChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await applyLinks(
      tx,
      id,
      { addIncidents: input.incidentIds, removeIncidents: [], addCommitments: input.commitmentIds, removeCommitments: [] },
      { incidents: "incidentIds", commitments: "commitmentIds" },
    );
    await recordAudit(tx, deps.clock, ctx, {
      action: "problem.create",
      resourceType: "problem",
      resourceId: id,
      after: { title: input.title, priority: input.priority, incidentIds: input.incidentIds, commitmentIds: input.commitmentIds },
    });
    return { id };
  });
}
