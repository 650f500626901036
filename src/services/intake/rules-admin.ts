import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { component, intakeRule } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError, ValidationError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";
import type { CreateRule, UpdateRule } from "./schemas.ts";

export type RuleJson = Omit<typeof intakeRule.$inferSelect, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string };

function ruleJson(r: typeof intakeRule.$inferSelect): RuleJson {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

async function checkComponents(tx: DbOrTx, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const found = new Set((await tx.select({ id: component.id }).from(component).where(inArray(component.id, ids))).map((c) => c.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length)
    throw new ValidationError(
      "Some components do not exist",
      missing.map((id) => ({ path: "componentIds", message: `unknown component ${id}` })),
    );
}

export async function listRules(deps: Pick<Deps, "db">): Promise<RuleJson[]> {
  return (await deps.db.select().from(intakeRule).orderBy(asc(intakeRule.position), asc(intakeRule.id))).map(ruleJson);
}

export async function createRule(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, input: CreateRule): Promise<RuleJson> {
  authorize(ctx, "settings.write");
  return deps.db.transaction(async (tx) => {
    await checkComponents(tx, input.componentIds);
    const now = deps.clock.now();
    const [row] = await tx
      .insert(intakeRule)
      .values({ id: newId(), ...input, componentStatus: input.componentStatus ?? null, createdAt: now, updatedAt: now })
      .returning();
    const json = ruleJson(row as typeof intakeRule.$inferSelect);
    await recordAudit(tx, deps.clock, ctx, {
      action: "intake_rule.create",
      resourceType: "intake_rule",
      resourceId: json.id,
      after: { ...input },
    });
    return json;
  });
}

/** Replaces a rule (PUT semantics: the whole rule is sent). */
export async function updateRule(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, id: string, input: UpdateRule): Promise<RuleJson> {
  authorize(ctx, "settings.write");
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(intakeRule).where(eq(intakeRule.id, id));
    if (!before) throw new NotFoundError("Rule");
    await checkComponents(tx, input.componentIds);
    const [row] = await tx
      .update(intakeRule)
      .set({ ...input, componentStatus: input.componentStatus ?? null, updatedAt: deps.clock.now() })
      .where(eq(intakeRule.id, id))
      .returning();
    const json = ruleJson(row as typeof intakeRule.$inferSelect);
    await recordAudit(tx, deps.clock, ctx, {
      action: "intake_rule.update",
      resourceType: "intake_rule",
      resourceId: id,
      before: ruleJson(before),
      after: { ...input },
    });
    return json;
  });
}

export async function deleteRule(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, "settings.write");
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.delete(intakeRule).where(eq(intakeRule.id, id)).returning();
    if (!row) throw new NotFoundError("Rule");
    await recordAudit(tx, deps.clock, ctx, {
      action: "intake_rule.delete",
      resourceType: "intake_rule",
      resourceId: id,
      before: ruleJson(row),
    });
  });
}
