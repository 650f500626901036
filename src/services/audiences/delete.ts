import { eq, like, or, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { bumpContentVersion } from "../../../db/content-version.ts";
import {
  audience,
  component,
  componentGroup,
  incident,
  message,
  preventionCommitment,
  problem,
  retiredAudienceSlug,
  updateRevision,
} from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";

/**
 * Built-ins never go; an audience still named by a visibility or a variant stays until those change.
 * A deleted slug is retired for good: outbox copies and history may still name it.
 */
export async function deleteAudience(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, slug: string): Promise<void> {
  authorize(ctx, "audience.manage");
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(audience).where(eq(audience.slug, slug));
    if (!row) throw new NotFoundError(`Audience ${slug}`);
    if (row.kind === "builtin") throw new ConflictError(`The built-in audience "${slug}" cannot be deleted`);
    const named = (col: SQLiteColumn) => or(eq(col, slug), like(col, `${slug},%`), like(col, `%,${slug}`), like(col, `%,${slug},%`));
    const inJson = (col: SQLiteColumn, key: string) =>
      sql`exists (select 1 from json_each(${col}) where json_extract(value, ${`$.${key}`}) = ${slug})`;
    const uses = await Promise.all([
      tx.select({ id: incident.id }).from(incident).where(named(incident.visibility)).limit(1),
      tx.select({ id: component.id }).from(component).where(named(component.visibility)).limit(1),
      tx.select({ id: componentGroup.id }).from(componentGroup).where(named(componentGroup.visibility)).limit(1),
      tx.select({ id: preventionCommitment.id }).from(preventionCommitment).where(named(preventionCommitment.visibility)).limit(1),
      tx.select({ id: message.id }).from(message).where(eq(message.audienceSlug, slug)).limit(1),
      tx.select({ id: problem.id }).from(problem).where(named(problem.rootCauseVisibility)).limit(1),
      tx.select({ id: updateRevision.id }).from(updateRevision).where(inJson(updateRevision.messages, "audienceSlug")).limit(1),
    ]);
    if (uses.some((u) => u.length)) throw new ConflictError(`The audience "${slug}" is still used by a visibility or a variant`);
    await tx.delete(audience).where(eq(audience.id, row.id));
    await tx.insert(retiredAudienceSlug).values({ slug, retiredAt: deps.clock.now() }).onConflictDoNothing();
    await recordAudit(tx, deps.clock, ctx, { action: "audience.delete", resourceType: "audience", resourceId: row.id, before: row });
    await bumpContentVersion(tx, deps.clock);
  });
}
