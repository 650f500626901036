import { and, eq, inArray } from "drizzle-orm";
import { audience, audienceMember, pageSettings, subscriber } from "../../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import {
  audiencesForEmail,
  audienceViewer,
  loadComponentTree,
  loadIncidents,
  type ProjectedIncident,
  TEAM,
  type Viewer,
  viewerKey,
} from "../projection/index.ts";

/** Everything a batch's renders share: the page name, the signing secret, and projections per viewer. */
export interface RenderScope {
  deps: Deps;
  secret: string;
  pageName: string;
  timeZone: string;
  /** incidentId|viewerKey → the incident as that viewer sees it (null: not visible). */
  incidents: Map<string, Promise<ProjectedIncident | null>>;
  groups?: Promise<Map<string, string | null>>;
}

export async function renderScope(deps: Deps, secret: string): Promise<RenderScope> {
  const [settings] = await deps.db
    .select({ name: pageSettings.name, timeZone: pageSettings.timeZone })
    .from(pageSettings)
    .where(eq(pageSettings.id, 1));
  return { deps, secret, pageName: settings?.name ?? "Status", timeZone: settings?.timeZone ?? "UTC", incidents: new Map() };
}

/** The viewer an email recipient is: their audiences by explicit membership or domain rule. */
export async function recipientViewer(deps: Deps, email: string): Promise<Viewer> {
  return audienceViewer(email, await audiencesForEmail(deps.db, email));
}

/**
 * The viewers of a whole batch in two queries instead of two per recipient. The rule is
 * audiencesForEmail's, applied to many addresses at once (a test holds them equal):
 * explicit membership or a domain rule, in precedence order.
 */
export async function recipientViewers(deps: Deps, emails: string[]): Promise<Map<string, Viewer>> {
  const out = new Map<string, Viewer>();
  if (!emails.length) return out;
  const custom = (await deps.db.select().from(audience).where(eq(audience.kind, "custom"))).sort(
    (a, b) => a.precedence - b.precedence || a.slug.localeCompare(b.slug),
  );
  const explicit = custom.length
    ? await deps.db
        .select({ audienceId: audienceMember.audienceId, email: subscriber.target })
        .from(audienceMember)
        .innerJoin(subscriber, eq(subscriber.id, audienceMember.subscriberId))
        .where(and(eq(subscriber.channel, "email"), inArray(subscriber.target, emails)))
    : [];
  for (const email of emails) {
    const address = email.toLowerCase();
    const domain = address.split("@")[1] ?? "";
    const mine = new Set(explicit.filter((e) => e.email === address).map((e) => e.audienceId));
    const slugs = custom.filter((a) => mine.has(a.id) || (domain && a.domains.some((d) => d.toLowerCase() === domain))).map((a) => a.slug);
    out.set(email, audienceViewer(email, slugs));
  }
  return out;
}

/** The incident through the projection for this viewer; cached per batch because many recipients share a viewer. */
export function incidentFor(scope: RenderScope, incidentId: string, viewer: Viewer): Promise<ProjectedIncident | null> {
  const key = `${incidentId}|${viewerKey(viewer)}`;
  let found = scope.incidents.get(key);
  if (!found) {
    found = loadIncidents(scope.deps.db, viewer, { ids: [incidentId] }).then((rows) => rows[0] ?? null);
    scope.incidents.set(key, found);
  }
  return found;
}

/** Which group each component is in (for subscribers who follow a group), loaded once per batch. */
export function componentGroups(scope: RenderScope): Promise<Map<string, string | null>> {
  scope.groups ??= loadComponentTree(scope.deps.db, TEAM).then((tree) => new Map(tree.all.map((c) => [c.id, c.groupId])));
  return scope.groups;
}
