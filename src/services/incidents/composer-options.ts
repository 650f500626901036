import { asc, eq, isNull } from "drizzle-orm";
import { audience, component, componentGroup } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { audienceViewer, canSee, heldStatuses, loadHolds, TEAM } from "../../projection/index.ts";

export interface ComposerOptions {
  /** Custom audiences that may see an incident of this visibility (variants can go to these). */
  audiences: { slug: string; name: string }[];
  /** Components the incident may reference, in page order, with their group's name and the status the team sees now. */
  components: { id: string; name: string; group: string | null; status: string; visibility: string }[];
  /** Every custom audience, for the visibility picker. */
  allAudiences: { slug: string; name: string }[];
}

/** What the console's forms offer for an incident of the given visibility ("internal" when new). */
export async function composerOptions(deps: Pick<Deps, "db">, visibility: string): Promise<ComposerOptions> {
  const [audiences, components, groups, holds] = await Promise.all([
    deps.db.select().from(audience).where(eq(audience.kind, "custom")).orderBy(asc(audience.precedence), asc(audience.slug)),
    deps.db.select().from(component).where(isNull(component.deletedAt)).orderBy(asc(component.position), asc(component.name)),
    deps.db.select({ id: componentGroup.id, name: componentGroup.name, position: componentGroup.position }).from(componentGroup),
    loadHolds(deps.db, TEAM),
  ]);
  const held = heldStatuses(holds, Number.POSITIVE_INFINITY);
  const group = new Map(groups.map((g) => [g.id, g]));
  // Grouped components follow their group's position; ungrouped ones come last.
  const groupRank = (c: { groupId: string | null }) => (c.groupId ? (group.get(c.groupId)?.position ?? 0) : Number.MAX_SAFE_INTEGER);
  const slugs = visibility === "public" || visibility === "internal" ? [] : visibility.split(",");
  const fits = (v: string) =>
    visibility === "internal" ||
    v === "public" ||
    (visibility !== "public" && v !== "internal" && slugs.every((s) => canSee(audienceViewer("x", [s]), v)));
  return {
    audiences:
      visibility === "internal"
        ? []
        : audiences.filter((a) => visibility === "public" || slugs.includes(a.slug)).map((a) => ({ slug: a.slug, name: a.name })),
    components: components
      .filter((c) => fits(c.visibility))
      .sort((a, b) => groupRank(a) - groupRank(b))
      .map((c) => ({
        id: c.id,
        name: c.name,
        group: c.groupId ? (group.get(c.groupId)?.name ?? null) : null,
        status: held.get(c.id) ?? "operational",
        visibility: c.visibility,
      })),
    allAudiences: audiences.map((a) => ({ slug: a.slug, name: a.name })),
  };
}
