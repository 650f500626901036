import { template } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";
import type { Template } from "./list.ts";
import type { CreateTemplate } from "./schemas.ts";

export async function createTemplate(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, input: CreateTemplate): Promise<Template> {
  authorize(ctx, "template.manage");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(template)
      .values({ id: newId(), ...input, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ConflictError(`name: a ${input.kind} template "${input.name}" already exists`);
    await recordAudit(tx, deps.clock, ctx, { action: "template.create", resourceType: "template", resourceId: row.id, after: input });
    return row;
  });
}
