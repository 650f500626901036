import { eq } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { audience } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError, ValidationError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import { type AudienceView, toView } from "./list.ts";
import type { UpdateAudience } from "./schemas.ts";

/** Changing domain rules changes who sees what, so the content version moves too. */
export async function updateAudience(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  slug: string,
  input: UpdateAudience,
): Promise<AudienceView> {
  authorize(ctx, "audience.manage");
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(audience).where(eq(audience.slug, slug));
    if (!before) throw new NotFoundError(`Audience ${slug}`);
    if (before.kind === "builtin" && (input.domains?.length || input.precedence !== undefined)) {
      throw new ValidationError("Built-in audiences have no domain rules or precedence", [
        { path: input.domains?.length ? "domains" : "precedence", message: "not allowed on a built-in audience" },
      ]);
    }
    const changes = { ...input, ...(input.domains ? { domains: [...new Set(input.domains)] } : {}), updatedAt: deps.clock.now() };
    const [row] = await tx.update(audience).set(changes).where(eq(audience.id, before.id)).returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: "audience.update",
      resourceType: "audience",
      resourceId: before.id,
      before,
      after: input,
    });
    await bumpContentVersion(tx, deps.clock);
    return toView(row as typeof audience.$inferSelect);
  });
}
