import { escapeXml } from "../../lib/xml.ts";
import { loadComponentTree, loadIncidentRefs, type Viewer } from "../../projection/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { getSettings } from "../settings/get.ts";
import { monthKey, shiftMonth } from "./time.ts";

export function robotsTxt(baseUrl: string): string {
  return `User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /api/admin\n\nSitemap: ${baseUrl}/sitemap.xml\n`;
}

/** The anonymous view's URLs: the page, a year of history months, every visible component, incident and maintenance. */
export async function sitemapXml(deps: DataDeps, viewer: Viewer, baseUrl: string): Promise<string> {
  const [settings, incidents, tree] = await Promise.all([
    getSettings(deps),
    loadIncidentRefs(deps.db, viewer, 1000),
    loadComponentTree(deps.db, viewer),
  ]);
  const month = monthKey(deps.clock.now(), settings.timeZone);
  const urls = [`${baseUrl}/`, `${baseUrl}/history`];
  for (let i = 1; i < 12; i++) urls.push(`${baseUrl}/history?page=${shiftMonth(month, -i)}`);
  for (const c of tree.all) urls.push(`${baseUrl}/components/${c.id}`);
  for (const x of incidents) urls.push(`${baseUrl}/${x.kind === "maintenance" ? "maintenance" : "incidents"}/${x.id}`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((u) => `<url><loc>${escapeXml(u)}</loc></url>`).join("")}</urlset>
`;
}
