import { and, eq } from "drizzle-orm";
import { component, runbook, runbookVersion } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { actorLabel } from "../../auth/permissions.ts";
import type { Deps } from "../../deps.ts";
import { AppError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";
import { requireIncident } from "../incidents/load.ts";
import type { CreateRunbook, EditRunbook, ProposeRunbookEdit } from "./schemas.ts";

type D = Pick<Deps, "db" | "clock">;

/** A new runbook with its version 1. */
export async function createRunbook(deps: D, ctx: ServiceContext, input: CreateRunbook): Promise<{ id: string }> {
  authorize(ctx, "incident.close");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    if (input.componentId) {
      const [c] = await tx.select({ id: component.id }).from(component).where(eq(component.id, input.componentId));
      if (!c) throw new ValidationError("The component does not exist", [{ path: "componentId", message: "no such component" }]);
    }
    const id = newId();
    await tx.insert(runbook).values({
      id,
      title: input.title,
      componentId: input.componentId ?? null,
      category: input.category ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await tx.insert(runbookVersion).values({
      id: newId(),
      runbookId: id,
      version: 1,
      state: "published",
      body: input.body,
      author: actorLabel(ctx.actor),
      createdAt: now,
      decidedAt: now,
    });
    await recordAudit(tx, deps.clock, ctx, {
      action: "runbook.create",
      resourceType: "runbook",
      resourceId: id,
      after: { title: input.title, version: 1 },
    });
    return { id };
  });
}

/** Publishes a new version; earlier versions stay readable. */
export async function editRunbook(deps: D, ctx: ServiceContext, id: string, input: EditRunbook): Promise<{ version: number }> {
  authorize(ctx, "incident.close");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(runbook).where(eq(runbook.id, id));
    if (!row) throw new NotFoundError(`Runbook ${id}`);
    const version = row.currentVersion + 1;
    await tx.insert(runbookVersion).values({
      id: newId(),
      runbookId: id,
      version,
      state: "published",
      body: input.body,
      note: input.note ?? null,
      author: actorLabel(ctx.actor),
      createdAt: now,
      decidedAt: now,
    });
    await tx.update(runbook).set({ currentVersion: version, updatedAt: now }).where(eq(runbook.id, id));
    await recordAudit(tx, deps.clock, ctx, { action: "runbook.edit", resourceType: "runbook", resourceId: id, after: { version } });
    return { version };
  });
}

/** A review proposes an edit: it waits, unnumbered, for someone to accept or reject it. */
export async function proposeRunbookEdit(deps: D, ctx: ServiceContext, id: string, input: ProposeRunbookEdit): Promise<{ id: string }> {
  authorize(ctx, "incident.write");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select({ id: runbook.id }).from(runbook).where(eq(runbook.id, id));
    if (!row) throw new NotFoundError(`Runbook ${id}`);
    await requireIncident(tx, input.incidentId);
    const proposalId = newId();
    await tx.insert(runbookVersion).values({
      id: proposalId,
      runbookId: id,
      version: null,
      state: "proposed",
      body: input.body,
      note: input.note ?? null,
      author: actorLabel(ctx.actor),
      proposedFromIncidentId: input.incidentId,
      createdAt: now,
    });
    await recordAudit(tx, deps.clock, ctx, {
      action: "runbook.propose",
      resourceType: "runbook",
      resourceId: id,
      after: { proposalId, incidentId: input.incidentId },
    });
    return { id: proposalId };
  });
}

/** Accepting publishes the proposal as the next version; rejecting keeps it on record. */
export async function decideProposal(
  deps: D,
  ctx: ServiceContext,
  id: string,
  proposalId: string,
  accept: boolean,
): Promise<{ version: number | null }> {
  authorize(ctx, "incident.close");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [p] = await tx
      .select()
      .from(runbookVersion)
      .where(and(eq(runbookVersion.id, proposalId), eq(runbookVersion.runbookId, id)));
    if (!p) throw new NotFoundError(`Proposal ${proposalId}`);
    if (p.state !== "proposed") throw new AppError("conflict", `This proposal was already ${p.state}`);
    const [row] = await tx.select().from(runbook).where(eq(runbook.id, id));
    const version = accept ? (row?.currentVersion ?? 0) + 1 : null;
    await tx
      .update(runbookVersion)
      .set({ state: accept ? "published" : "rejected", version, decidedAt: now })
      .where(eq(runbookVersion.id, proposalId));
    if (version) await tx.update(runbook).set({ currentVersion: version, updatedAt: now }).where(eq(runbook.id, id));
    await recordAudit(tx, deps.clock, ctx, {
      action: accept ? "runbook.accept" : "runbook.reject",
      resourceType: "runbook",
      resourceId: id,
      after: { proposalId, version },
    });
    return { version };
  });
}
