import { asc, count, eq } from "drizzle-orm";
import { audience, audienceMember } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError } from "../../lib/errors.ts";

export interface AudienceView {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  kind: "builtin" | "custom";
  domains: string[];
  precedence: number;
  explicitMembers: number;
}

/** Every audience, built-ins first, then by precedence. */
export async function listAudiences(deps: Pick<Deps, "db">): Promise<AudienceView[]> {
  const rows = await deps.db
    .select({ a: audience, members: count(audienceMember.subscriberId) })
    .from(audience)
    .leftJoin(audienceMember, eq(audienceMember.audienceId, audience.id))
    .groupBy(audience.id)
    .orderBy(asc(audience.kind), asc(audience.precedence), asc(audience.slug));
  return rows.map(({ a, members }) => toView(a, members));
}

export async function getAudience(deps: Pick<Deps, "db">, slug: string): Promise<AudienceView> {
  const found = (await listAudiences(deps)).find((a) => a.slug === slug);
  if (!found) throw new NotFoundError(`Audience ${slug}`);
  return found;
}

export function toView(a: typeof audience.$inferSelect, explicitMembers = 0): AudienceView {
  return {
    id: a.id,
    slug: a.slug,
    name: a.name,
    description: a.description,
    kind: a.kind,
    domains: a.domains,
    precedence: a.precedence,
    explicitMembers,
  };
}
