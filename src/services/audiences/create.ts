import { eq } from "drizzle-orm";
import { audience, retiredAudienceSlug } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";
import { type AudienceView, toView } from "./list.ts";
import type { CreateAudience } from "./schemas.ts";

export async function createAudience(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, input: CreateAudience): Promise<AudienceView> {
  authorize(ctx, "audience.manage");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [retired] = await tx.select().from(retiredAudienceSlug).where(eq(retiredAudienceSlug.slug, input.slug));
    if (retired) throw new ConflictError(`slug: "${input.slug}" belonged to a deleted audience; choose another slug`);
    const [row] = await tx
      .insert(audience)
      .values({ id: newId(), ...input, domains: [...new Set(input.domains)], kind: "custom", createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: audience.slug })
      .returning();
    if (!row) throw new ConflictError(`slug: an audience "${input.slug}" already exists`);
    await recordAudit(tx, deps.clock, ctx, { action: "audience.create", resourceType: "audience", resourceId: row.id, after: input });
    return toView(row);
  });
}
