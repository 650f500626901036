import { languageNameIn, type Translator, translator } from "../../i18n/index.ts";
import { ID_PATTERN } from "../../lib/ids.ts";
import { renderMarkdown } from "../../lib/markdown.ts";
import { escapeXml, tagUri } from "../../lib/xml.ts";
import { loadComponentTree, loadIncidents, type ProjectedIncident, type Viewer } from "../../projection/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { getSettings } from "../settings/get.ts";
import type { PageSettings } from "../settings/schemas.ts";
import { inReaderLanguage } from "./reader-language.ts";
import { LIST_LIMIT } from "./statuspage.ts";

const link = (base: string, i: ProjectedIncident) => `${base}/${i.kind === "maintenance" ? "maintenance" : "incidents"}/${i.id}`;
const updated = (i: ProjectedIncident) => i.updates[0]?.displayAt ?? i.updatedAt;

/** The entry body: every update, newest first, as HTML. */
function contentHtml(i: ProjectedIncident, t: Translator, original: string): string {
  return i.updates
    .map(
      (u) =>
        `<p><small>${u.displayAt.toISOString()}</small><br><strong>${escapeXml(t(`incident.${u.status}` as never) ?? u.status)}</strong></p>${renderMarkdown(u.body)}${u.untranslated ? `<p><small>${escapeXml(t("content.untranslated", { original }))}</small></p>` : ""}`,
    )
    .join("\n");
}

interface FeedData {
  settings: PageSettings;
  /** `?lang=` when given, else the page's default language. */
  t: Translator;
  /** The feed's own query (component, language) for its self link. */
  query: string;
  incidents: ProjectedIncident[];
  componentId: string | null;
}

/** A component the viewer may not see reads like an unknown one: the whole page's feed. */
async function visibleComponentId(deps: DataDeps, viewer: Viewer, component: string | null): Promise<string | null> {
  if (!component || !ID_PATTERN.test(component)) return null;
  const tree = await loadComponentTree(deps.db, viewer);
  return tree.all.some((c) => c.id === component) ? component : null;
}

async function feedData(deps: DataDeps, viewer: Viewer, component: string | null, lang: string | null): Promise<FeedData> {
  const componentId = await visibleComponentId(deps, viewer, component);
  const [settings, loaded] = await Promise.all([
    getSettings(deps),
    loadIncidents(deps.db, viewer, { limit: LIST_LIMIT, ...(componentId ? { componentId } : {}) }),
  ]);
  const t = translator(lang ?? settings.defaultLanguage);
  const incidents = inReaderLanguage(settings, t.locale, loaded);
  incidents.sort((a, b) => updated(b).getTime() - updated(a).getTime());
  const params = new URLSearchParams();
  if (componentId) params.set("component", componentId);
  if (lang) params.set("lang", t.locale);
  const query = params.size ? `?${params}` : "";
  return { settings, t, query, incidents, componentId };
}

/** Atom 1.0: one entry per incident or maintenance, its updates newest first. */
export async function atomFeed(
  deps: DataDeps,
  viewer: Viewer,
  baseUrl: string,
  component: string | null,
  lang: string | null = null,
): Promise<string> {
  const { settings, t, query, incidents } = await feedData(deps, viewer, component, lang);
  const original = languageNameIn(t.locale, settings.defaultLanguage);
  const self = `${baseUrl}/history.atom${query}`;
  const feedUpdated = incidents[0] ? updated(incidents[0]) : new Date(settings.updatedAt);
  const entries = incidents.map(
    (i) =>
      `<entry><id>${escapeXml(tagUri(baseUrl, i.createdAt, `${i.kind}/${i.id}`))}</id><title>${escapeXml(i.title)}</title><link rel="alternate" type="text/html" href="${escapeXml(link(baseUrl, i))}"/><published>${i.startedAt.toISOString()}</published><updated>${updated(i).toISOString()}</updated><content type="html">${escapeXml(contentHtml(i, t, original))}</content></entry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${t.locale}"><id>${escapeXml(self)}</id><title>${escapeXml(`${settings.name} — ${t("history.title")}`)}</title><link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/><link rel="alternate" type="text/html" href="${escapeXml(`${baseUrl}/history${lang ? `?lang=${t.locale}` : ""}`)}"/><updated>${feedUpdated.toISOString()}</updated><author><name>${escapeXml(settings.name)}</name></author>${entries.join("")}</feed>
`;
}

/** RSS 2.0, the same items. */
export async function rssFeed(
  deps: DataDeps,
  viewer: Viewer,
  baseUrl: string,
  component: string | null,
  lang: string | null = null,
): Promise<string> {
  const { settings, t, query, incidents } = await feedData(deps, viewer, component, lang);
  const original = languageNameIn(t.locale, settings.defaultLanguage);
  const self = `${baseUrl}/history.rss${query}`;
  const items = incidents.map(
    (i) =>
      `<item><title>${escapeXml(i.title)}</title><link>${escapeXml(link(baseUrl, i))}</link><guid isPermaLink="true">${escapeXml(link(baseUrl, i))}</guid><pubDate>${updated(i).toUTCString()}</pubDate><description>${escapeXml(contentHtml(i, t, original))}</description></item>`,
  );
  const lastBuild = incidents[0] ? updated(incidents[0]) : new Date(settings.updatedAt);
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>${escapeXml(`${settings.name} — ${t("history.title")}`)}</title><link>${escapeXml(`${baseUrl}/history${lang ? `?lang=${t.locale}` : ""}`)}</link><description>${escapeXml(t("page.feedDescription", { name: settings.name }))}</description><language>${t.locale}</language><lastBuildDate>${lastBuild.toUTCString()}</lastBuildDate><atom:link href="${escapeXml(self)}" rel="self" type="application/rss+xml"/>${items.join("")}</channel></rss>
`;
}
