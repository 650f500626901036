import { eq } from "drizzle-orm";
import { problem } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { recordAudit } from "../audit/record.ts";
import { storedVisibility } from "../incidents/rules.ts";
import { requireProblem } from "./get.ts";
import { applyLinks } from "./links.ts";
import type { LinkProblem, PatchProblem } from "./schemas.ts";

/** Edits the record's fields (not its state: that is a transition). */
export async function patchProblem(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  id: string,
  input: PatchProblem,
): Promise<{ id: string }> {
  authorize(ctx, "incident.close");
  return deps.db.transaction(async (tx) => {
    const before = await requireProblem(tx, id);
    const { rootCauseVisibility, ...fields } = input;
    const stored = rootCauseVisibility === undefined ? undefined : await storedVisibility(tx, rootCauseVisibility, "rootCauseVisibility");
    await tx
      .update(problem)
      .set({ ...fields, ...(stored ? { rootCauseVisibility: stored } : {}), updatedAt: deps.clock.now() })
      .where(eq(problem.id, id));
    await recordAudit(tx, deps.clock, ctx, {
      action: "problem.update",
      resourceType: "problem",
      resourceId: id,
      before: Object.fromEntries(Object.keys(input).map((k) => [k, before[k as keyof typeof before]])),
      after: { ...fields, ...(stored ? { rootCauseVisibility: stored } : {}) },
    });
    return { id };
  });
}

/** Links incidents and attaches commitments (or undoes either). */
export async function linkProblem(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  id: string,
  input: LinkProblem,
): Promise<{ id: string }> {
  authorize(ctx, "incident.close");
  return deps.db.transaction(async (tx) => {
    await requireProblem(tx, id);
    await applyLinks(tx, id, input);
    await recordAudit(tx, deps.clock, ctx, { action: "problem.link", resourceType: "problem", resourceId: id, after: input });
    return { id };
  });
}
