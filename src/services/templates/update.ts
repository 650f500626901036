import { and, eq } from "drizzle-orm";
import { template } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import type { Template } from "./list.ts";
import type { UpdateTemplate } from "./schemas.ts";

export async function updateTemplate(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  id: string,
  input: UpdateTemplate,
): Promise<Template> {
  authorize(ctx, "template.manage");
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(template).where(eq(template.id, id));
    if (!before) throw new NotFoundError(`Template ${id}`);
    if (input.name && input.name !== before.name) {
      const [clash] = await tx
        .select({ id: template.id })
        .from(template)
        .where(and(eq(template.kind, before.kind), eq(template.name, input.name)));
      if (clash) throw new ConflictError(`name: a ${before.kind} template "${input.name}" already exists`);
    }
    const [row] = await tx
      .update(template)
      .set({ ...input, updatedAt: deps.clock.now() })
      .where(eq(template.id, id))
      .returning();
    await recordAudit(tx, deps.clock, ctx, { action: "template.update", resourceType: "template", resourceId: id, before, after: input });
    return row as Template;
  });
}

export async function deleteTemplate(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, "template.manage");
  await deps.db.transaction(async (tx) => {
    const [before] = await tx.delete(template).where(eq(template.id, id)).returning();
    if (!before) throw new NotFoundError(`Template ${id}`);
    await recordAudit(tx, deps.clock, ctx, { action: "template.delete", resourceType: "template", resourceId: id, before });
  });
}
