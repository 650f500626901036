import { inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { audience } from "../../../db/schema/index.ts";
import { ValidationError } from "../../lib/errors.ts";

/** Throws a 400 naming the field when any slug is not a known audience; returns the rows. */
export async function requireAudiences(
  db: DbOrTx,
  slugs: { slug: string; path: string }[],
): Promise<Map<string, typeof audience.$inferSelect>> {
  const wanted = [...new Set(slugs.map((s) => s.slug))];
  const rows = wanted.length ? await db.select().from(audience).where(inArray(audience.slug, wanted)) : [];
  const found = new Map(rows.map((r) => [r.slug, r]));
  const missing = slugs.filter((s) => !found.has(s.slug));
  if (missing.length) {
    throw new ValidationError(
      `Unknown audience: ${missing.map((m) => m.slug).join(", ")}`,
      missing.map((m) => ({ path: m.path, message: `no audience with slug "${m.slug}"` })),
    );
  }
  return found;
}
