import { eq } from "drizzle-orm";
import { readContentVersion } from "../../db/content-version.ts";
import { pageSettings } from "../../db/schema/index.ts";
import type { EmailBrand } from "../../emails/components/html.ts";
import type { Deps } from "../deps.ts";
import {
  audiencesForEmail,
  audiencesForEmails,
  audienceViewer,
  type ComponentTree,
  loadComponentTree,
  loadIncidents,
  localizeIncident,
  type ProjectedIncident,
  TEAM,
  type Viewer,
  viewerKey,
} from "../projection/index.ts";
import { emailBrand } from "./brand.ts";

/** Everything a batch's renders share: the page name, the signing secret, and projections per viewer. */
export interface RenderScope {
  deps: Deps;
  secret: string;
  pageName: string;
  timeZone: string;
  /** The page's brand colour (#rrggbb) and logo, for chat messages and emails. */
  brandColor: string;
  logoUrl: string | null;
  /** The same for emails, every link absolute, with the support link for their footer. */
  brand: EmailBrand;
  /** incidentId|viewerKey → the incident as that viewer sees it (null: not visible). */
  incidents: Map<string, Promise<ProjectedIncident | null>>;
  groups?: Promise<Map<string, string | null>>;
  /** viewerKey → the component tree as that viewer sees it (component notifications). */
  componentTrees?: Map<string, Promise<ComponentTree>>;
  /** The language the page's texts are written in, and those it offers (translations are shown only in these). */
  defaultLanguage: string;
  languages: string[];
  /** Each projected incident in each language, localized once per batch whatever the number of recipients. */
  localized?: WeakMap<ProjectedIncident, Map<string, ProjectedIncident>>;
}

export async function renderScope(deps: Deps, secret: string): Promise<RenderScope> {
  const [settings] = await deps.db
    .select({
      name: pageSettings.name,
      timeZone: pageSettings.timeZone,
      brandColor: pageSettings.brandColor,
      logoUrl: pageSettings.logoUrl,
      supportUrl: pageSettings.supportUrl,
      defaultLanguage: pageSettings.defaultLanguage,
      languages: pageSettings.languages,
    })
    .from(pageSettings)
    .where(eq(pageSettings.id, 1));
  const brand = {
    name: settings?.name ?? "Status",
    brandColor: settings?.brandColor ?? "#2457d6",
    logoUrl: settings?.logoUrl ?? null,
    supportUrl: settings?.supportUrl ?? null,
  };
  return {
    deps,
    secret,
    pageName: brand.name,
    timeZone: settings?.timeZone ?? "UTC",
    brandColor: brand.brandColor,
    logoUrl: brand.logoUrl,
    brand: emailBrand(deps.env, brand),
    defaultLanguage: settings?.defaultLanguage ?? "en",
    languages: settings?.languages ?? ["en"],
    incidents: new Map(),
  };
}

/** How long a scope may be reused across batches at most, for what depends on the clock alone (a maintenance window starting). */
const SCOPE_MAX_AGE_MS = 5_000;

/**
 * A render scope reused from batch to batch of one dispatcher while the content version is unchanged.
 * Every write that changes what a viewer may see bumps that version in its own transaction
 * (db/content-version.ts), so a reused scope renders exactly what a new one would: a batch pays one
 * cheap read (side by side with its members) instead of the settings and every incident projection
 * again — on a libSQL server, several round trips per batch.
 */
export function scopeCache(deps: Deps, maxAgeMs = SCOPE_MAX_AGE_MS): (secret: string) => Promise<RenderScope> {
  let held: { version: number; secret: string; at: number; scope: RenderScope } | undefined;
  return async (secret) => {
    const version = await readContentVersion(deps.db);
    const at = deps.clock.now().getTime();
    if (held && held.version === version && held.secret === secret && at - held.at < maxAgeMs) return held.scope;
    const scope = await renderScope(deps, secret);
    held = { version, secret, at, scope };
    return scope;
  };
}

/** The viewer an email recipient is: their audiences by explicit membership or domain rule. */
export async function recipientViewer(deps: Deps, email: string): Promise<Viewer> {
  return audienceViewer(email, await audiencesForEmail(deps.db, email));
}

/** The viewers of a whole batch in two queries instead of two per recipient, by audiencesForEmails. */
export async function recipientViewers(deps: Deps, emails: string[]): Promise<Map<string, Viewer>> {
  const audiences = await audiencesForEmails(deps.db, emails);
  return new Map(emails.map((email) => [email, audienceViewer(email, audiences.get(email) ?? [])]));
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

/**
 * The incident a reader saw through the projection, its texts in their language where translated
 * (pickTranslation's rule), made once per batch for each language.
 */
export function incidentInLanguage(scope: RenderScope, incident: ProjectedIncident, language: string): ProjectedIncident {
  scope.localized ??= new WeakMap();
  let byLanguage = scope.localized.get(incident);
  if (!byLanguage) {
    byLanguage = new Map();
    scope.localized.set(incident, byLanguage);
  }
  const wanted = scope.languages.includes(language) ? language : scope.defaultLanguage;
  let found = byLanguage.get(wanted);
  if (!found) {
    found = localizeIncident(incident, { language: wanted, defaultLanguage: scope.defaultLanguage });
    byLanguage.set(wanted, found);
  }
  return found;
}

/** The components a viewer may see, loaded once per batch and viewer. */
export function componentTreeFor(scope: RenderScope, viewer: Viewer): Promise<ComponentTree> {
  scope.componentTrees ??= new Map();
  const key = viewerKey(viewer);
  let tree = scope.componentTrees.get(key);
  if (!tree) {
    tree = loadComponentTree(scope.deps.db, viewer);
    scope.componentTrees.set(key, tree);
  }
  return tree;
}

/** Which group each component is in (for subscribers who follow a group), loaded once per batch. */
export function componentGroups(scope: RenderScope): Promise<Map<string, string | null>> {
  scope.groups ??= loadComponentTree(scope.deps.db, TEAM).then((tree) => new Map(tree.all.map((c) => [c.id, c.groupId])));
  return scope.groups;
}
