import { inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { audience } from "../../db/schema/index.ts";
import { type ErrorDetail, ValidationError } from "../lib/errors.ts";
import { formatVisibility, type Visibility } from "./visibility.ts";

/**
 * The one rule for storing a visibility a person chose, for components, groups, incidents,
 * commitments and problems alike: every named audience must exist (a typo cannot hide content)
 * and be custom ("public" inside a list would silently widen it to everyone).
 */
export async function storedVisibility(db: DbOrTx, v: Visibility, path = "visibility"): Promise<string> {
  if (Array.isArray(v) && v.length) {
    const rows = await db
      .select({ slug: audience.slug, kind: audience.kind })
      .from(audience)
      .where(inArray(audience.slug, [...new Set(v)]));
    const kinds = new Map(rows.map((r) => [r.slug, r.kind]));
    const bad: ErrorDetail[] = [];
    v.forEach((slug, i) => {
      const kind = kinds.get(slug);
      if (!kind) bad.push({ path: `${path}.${i}`, message: `no audience with slug "${slug}"` });
      else if (kind === "builtin")
        bad.push({ path: `${path}.${i}`, message: 'a built-in audience is not a restricted list: use "public" or "internal" as a string' });
    });
    if (bad.length) throw new ValidationError("Choose existing custom audiences, or public or internal", bad);
  }
  return formatVisibility(v);
}
