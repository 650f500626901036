import { ID_PATTERN } from "../lib/ids.ts";
import { MONTH_PATTERN } from "../services/public/history.ts";
import { STATUSPAGE_ENDPOINTS } from "../services/public/statuspage.ts";

/** A public, cacheable route: which query parameters matter and how long caches may keep it. */
export interface PublicRoute {
  /** "astro" pages render through Astro; the others through src/server/public-api.ts. */
  renderer: "astro" | "direct";
  params: Record<string, RegExp>;
  /** Embeddable (badge, widget): may be framed by any site. */
  frameable?: boolean;
}

const page: PublicRoute = { renderer: "astro", params: {} };
const direct: PublicRoute = { renderer: "direct", params: {} };
const byComponent: PublicRoute = { renderer: "direct", params: { component: ID_PATTERN } };

const EXACT = new Map<string, PublicRoute>([
  ["/", page],
  ["/history", { renderer: "astro", params: { page: MONTH_PATTERN, component: ID_PATTERN } }],
  ["/embed", { renderer: "astro", params: {}, frameable: true }],
  ["/history.atom", byComponent],
  ["/history.rss", byComponent],
  ["/maintenance.ics", { renderer: "direct", params: { component: ID_PATTERN, maintenance: ID_PATTERN } }],
  // Any plain value is kept (not dropped as invalid), so an unknown component answers 404 rather than the page's badge; 404s are never cached.
  ["/badge.svg", { renderer: "direct", params: { component: /^[^\s&#%+]{1,100}$/ }, frameable: true }],
  ["/robots.txt", direct],
  ["/sitemap.xml", direct],
  ...STATUSPAGE_ENDPOINTS.map((e) => [`/api/v2/${e}.json`, direct] as const),
]);
/** Every fixed public path (the detail pages come from the data): what the static export writes and the tests walk. */
export const PUBLIC_PATHS: readonly string[] = [...EXACT.keys()];
const DETAIL = /^\/(incidents|maintenance)\/([0-9a-z]{12})$/;

export function matchPublicRoute(pathname: string): PublicRoute | undefined {
  return EXACT.get(pathname) ?? (DETAIL.test(pathname) ? page : undefined);
}

/**
 * The cache key's query part: only the route's own parameters with valid values, sorted, so
 * `?utm_source=x` or `?b=1&a=2` never make a new entry. Returns "" when nothing remains.
 */
export function normalizeQuery(route: PublicRoute, search: string): string {
  if (!search || search === "?") return "";
  const params = new URLSearchParams(search);
  const kept: string[] = [];
  for (const [name, pattern] of Object.entries(route.params)) {
    const value = params.get(name);
    if (value && pattern.test(value)) kept.push(`${name}=${value}`);
  }
  return kept.length ? `?${kept.sort().join("&")}` : "";
}

/** Cookies that make a request personal: the projection's one rule. */
export { hasPersonalCookie } from "../projection/viewer-cookie.ts";
