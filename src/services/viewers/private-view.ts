import { inArray } from "drizzle-orm";
import { audience } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { hasPersonalCookie, resolveViewer } from "../../projection/index.ts";

/**
 * Whose private view a request is looking at ("Acme Corp", "Acme Corp and Partners"), or null for
 * the public. Anonymous requests (every copy the shared cache holds) never reach the database here.
 */
export async function privateViewName(deps: Pick<Deps, "db" | "clock">, request: Request): Promise<string | null> {
  if (!hasPersonalCookie(request.headers.get("cookie"))) return null;
  const viewer = await resolveViewer(deps, request);
  if (viewer.kind !== "audience") return null;
  const rows = await deps.db
    .select({ slug: audience.slug, name: audience.name })
    .from(audience)
    .where(inArray(audience.slug, viewer.audiences));
  // In the viewer's precedence order, as resolveViewer gives the slugs.
  const names = viewer.audiences.map((slug) => rows.find((r) => r.slug === slug)?.name ?? slug);
  return new Intl.ListFormat("en", { type: "conjunction" }).format(names);
}
