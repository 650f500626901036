import { LOCALES } from "../i18n/locales.ts";
import { ID_PATTERN } from "../lib/ids.ts";
import { EMBED_COMPACT_PATTERN, EMBED_THEME_PATTERN } from "../services/public/embed.ts";
import { HISTORY_IMPACT_PATTERN, HISTORY_TYPE_PATTERN, MONTH_PATTERN } from "../services/public/history.ts";
import { STATUSPAGE_ENDPOINTS } from "../services/public/statuspage.ts";

/** A public, cacheable route: which query parameters matter and how long caches may keep it. */
export interface PublicRoute {
  /** "astro" pages render through Astro; the others through src/server/public-api.ts. */
  renderer: "astro" | "direct";
  params: Record<string, RegExp>;
  /** Embeddable (badge, widget): may be framed by any site. */
  frameable?: boolean;
}

/** `?lang=de`: a shipped language makes its own cache entry; anything else is dropped from the key. */
const lang = new RegExp(`^(${LOCALES.join("|")})$`);
const page: PublicRoute = { renderer: "astro", params: { lang } };
const direct: PublicRoute = { renderer: "direct", params: {} };
const byComponent: PublicRoute = { renderer: "direct", params: { component: ID_PATTERN, lang } };

const EXACT = new Map<string, PublicRoute>([
  ["/", page],
  [
    "/history",
    {
      renderer: "astro",
      params: { page: MONTH_PATTERN, component: ID_PATTERN, type: HISTORY_TYPE_PATTERN, impact: HISTORY_IMPACT_PATTERN, lang },
    },
  ],
  ["/embed", { renderer: "astro", params: { theme: EMBED_THEME_PATTERN, compact: EMBED_COMPACT_PATTERN, lang }, frameable: true }],
  ["/history.atom", byComponent],
  ["/history.rss", byComponent],
  ["/maintenance.ics", { renderer: "direct", params: { component: ID_PATTERN, maintenance: ID_PATTERN } }],
  // Any plain value is kept (not dropped as invalid), so an unknown component answers 404 rather than the page's badge; 404s are never cached.
  ["/badge.svg", { renderer: "direct", params: { component: /^[^\s&#%+]{1,100}$/, lang }, frameable: true }],
  ["/robots.txt", direct],
  ["/custom.css", direct],
  ["/sitemap.xml", direct],
  // Statuspage clients expect one language: ?lang= only swaps in translated bodies, so it is a key, never negotiated.
  ...STATUSPAGE_ENDPOINTS.map((e) => [`/api/v2/${e}.json`, { renderer: "direct", params: { lang } }] as const),
]);
/** Every fixed public path (the detail pages come from the data): what the static export writes and the tests walk. */
export const PUBLIC_PATHS: readonly string[] = [...EXACT.keys()];
const DETAIL = /^\/(incidents|maintenance|components)\/([0-9a-z]{12})$/;

export function matchPublicRoute(pathname: string): PublicRoute | undefined {
  return EXACT.get(pathname) ?? (DETAIL.test(pathname) ? page : undefined);
}

/**
 * The cache key's query part: only the route's own parameters with valid values, sorted, so
 * `?utm_source=x` or `?b=1&a=2` never make a new entry. Returns "" when nothing remains.
 */
export function normalizeQuery(route: PublicRoute, search: string): string {
  if (!search || search === "?") return "";
  // The fast path sees the same few queries (?lang=de) over and over: remember their answers.
  let seen = normalized.get(route);
  if (!seen) {
    seen = new Map();
    normalized.set(route, seen);
  }
  const known = seen.get(search);
  if (known !== undefined) return known;
  if (seen.size >= 256) seen.clear();
  const answer = normalizeUncached(route, search);
  seen.set(search, answer);
  return answer;
}

const normalized = new WeakMap<PublicRoute, Map<string, string>>();

function normalizeUncached(route: PublicRoute, search: string): string {
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
