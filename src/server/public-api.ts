import type { Deps } from "../deps.ts";
import { translator } from "../i18n/index.ts";
import { baseUrl } from "../lib/urls.ts";
import type { Viewer } from "../projection/index.ts";
import { statusBadge, unknownComponentBadge } from "../services/public/badge.ts";
import { maintenanceCalendar } from "../services/public/calendar.ts";
import { customStylesheet } from "../services/public/custom-css.ts";
import { atomFeed, rssFeed } from "../services/public/feeds.ts";
import { robotsTxt, sitemapXml } from "../services/public/sitemap.ts";
import { STATUSPAGE_ENDPOINTS, type StatuspageEndpoint, statuspageDocument } from "../services/public/statuspage.ts";

/** The page's origin in links: PUBLIC_URL when set, else the request's own origin. */
export function publicBaseUrl(deps: Deps, url: URL): string {
  return baseUrl(deps.env, url.origin);
}

const V2 = /^\/api\/v2\/(.+)\.json$/;

/** Renders the public responses that need no HTML (JSON, feeds, the maintenance calendar, badge, robots, sitemap). */
export async function renderPublicDirect(deps: Deps, viewer: Viewer, url: URL): Promise<Response> {
  const base = publicBaseUrl(deps, url);
  const component = url.searchParams.get("component");
  // Feeds and badges honour ?lang= (the cache keeps only shipped languages); /api/v2 stays in the default, its bodies translated on ?lang=.
  const lang = url.searchParams.get("lang");
  const v2 = V2.exec(url.pathname)?.[1];
  if (v2 && (STATUSPAGE_ENDPOINTS as readonly string[]).includes(v2)) {
    const doc = await statuspageDocument(deps, viewer, v2 as StatuspageEndpoint, base, lang);
    return new Response(JSON.stringify(doc), {
      headers: { "Content-Type": "application/json; charset=utf-8", "Access-Control-Allow-Origin": "*" },
    });
  }
  switch (url.pathname) {
    case "/history.atom":
      return text(await atomFeed(deps, viewer, base, component, lang), "application/atom+xml; charset=utf-8");
    case "/history.rss":
      return text(await rssFeed(deps, viewer, base, component, lang), "application/rss+xml; charset=utf-8");
    case "/maintenance.ics": {
      const maintenance = url.searchParams.get("maintenance");
      const calendar = await maintenanceCalendar(deps, viewer, base, { component, maintenance });
      if (calendar) return text(calendar, "text/calendar; charset=utf-8");
      return new Response("No such maintenance", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    case "/badge.svg": {
      const badge = await statusBadge(deps, viewer, component, lang);
      if (badge) return text(badge, "image/svg+xml; charset=utf-8");
      return new Response(unknownComponentBadge(translator(lang ?? undefined)), {
        status: 404,
        headers: { "Content-Type": "image/svg+xml; charset=utf-8" },
      });
    }
    case "/custom.css":
      return text(await customStylesheet(deps), "text/css; charset=utf-8");
    case "/robots.txt":
      return text(robotsTxt(base), "text/plain; charset=utf-8");
    case "/sitemap.xml":
      return text(await sitemapXml(deps, viewer, base), "application/xml; charset=utf-8");
  }
  return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

const HEADER_LIST = /^[\w-]+(\s*,\s*[\w-]+)*$/;

/**
 * CORS preflight for /api/v2 (a browser sends one before a GET with, say, If-None-Match):
 * the same open policy as the GETs — public data, no credentials. Undefined for other paths.
 */
export function corsPreflight(url: URL, requestedHeaders: string | undefined): Response | undefined {
  const v2 = V2.exec(url.pathname)?.[1];
  if (!v2 || !(STATUSPAGE_ENDPOINTS as readonly string[]).includes(v2)) return undefined;
  const headers: Record<string, string> = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Max-Age": "86400",
    "Cache-Control": "public, max-age=86400",
    Vary: "Access-Control-Request-Headers",
  };
  if (requestedHeaders && HEADER_LIST.test(requestedHeaders.trim())) headers["Access-Control-Allow-Headers"] = requestedHeaders.trim();
  return new Response(null, { status: 204, headers });
}

function text(body: string, type: string): Response {
  return new Response(body, { headers: { "Content-Type": type } });
}
