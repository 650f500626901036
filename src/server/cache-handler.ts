import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { readContentVersion } from "../../db/content-version.ts";
import type { Deps } from "../deps.ts";
import { ENGLISH_ONLY, type PageLanguages } from "../i18n/negotiate.ts";
import { ANONYMOUS, resolveViewer } from "../projection/index.ts";
import { getSettings } from "../services/settings/get.ts";
import { buildEntry, type CachedResponse, RenderCache, VersionTracker } from "./cache.ts";
import { languageRedirect, NEGOTIATED_VARY, negotiatedRedirect, negotiates } from "./cache-language.ts";
import { negotiate, securityHeaders, withCharset, writeHit } from "./cache-negotiate.ts";
import { hasPersonalCookie, matchPublicRoute, normalizeQuery, type PublicRoute } from "./cache-routes.ts";
import type { LastKnownGood } from "./last-known-good.ts";
import { renderPublicDirect } from "./public-api.ts";

export const PUBLIC_CACHE_CONTROL = "public, max-age=30, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400";
const gzipAsync = promisify(gzip);
const PRIVATE_HEADERS = { "Cache-Control": "private, no-store", Vary: "Cookie", "X-Robots-Tag": "noindex" };

/** Renders a normalized public request through Astro (pages) — the direct routes need no Astro. */
export type AstroRender = (request: Request) => Promise<Response>;

export interface PublicCache {
  cache: RenderCache;
  tracker: VersionTracker;
  /** Answers a public GET/HEAD (from the cache when anonymous), or undefined for other paths. */
  handle(request: Request, astro: AstroRender): Promise<Response | undefined>;
  /** Node fast path: writes a cached response itself and returns its X-Cache state, else false. */
  serveFromMemory(req: IncomingMessage, res: ServerResponse): "HIT" | "STALE" | false;
  /** Before the database has answered once (a start during an outage): the saved copy of a public URL, if any. */
  serveLastKnownGood(req: IncomingMessage, res: ServerResponse): boolean;
}

export interface PublicCacheOptions {
  maxBytes?: number;
  versionIntervalMs?: number;
  /** Renders anonymous public requests off the request path (the render thread); default: on this thread through `astro`. */
  renderAnonymous?: AstroRender;
  /** The last good copies on disk: served when a render fails and no copy is in memory (a restart during an outage). */
  lastKnownGood?: LastKnownGood;
}

/** Renders one public request: pages through Astro, the rest directly, for the viewer its cookie names. */
export async function renderPublic(deps: Deps, request: Request, astro: AstroRender): Promise<Response> {
  const url = new URL(request.url);
  if (matchPublicRoute(url.pathname)?.renderer !== "direct") return astro(request);
  const viewer = hasPersonalCookie(request.headers.get("cookie")) ? await resolveViewer(deps, request) : ANONYMOUS;
  return renderPublicDirect(deps, viewer, url);
}

export function createPublicCache(deps: Deps, options: PublicCacheOptions = {}): PublicCache {
  const cache = new RenderCache(options.maxBytes);
  const tracker = new VersionTracker(() => readContentVersion(deps.db), options.versionIntervalMs ?? 1000);
  const retryAt = new Map<string, number>();
  const keyOf = (host: string | null | undefined, pathname: string, query: string) =>
    `anon ${deps.env.PUBLIC_URL ? "" : (host ?? "")}${pathname}${query}`;
  // The page's languages, re-read when the content version moves (a settings save bumps it).
  let languages: PageLanguages = ENGLISH_ONLY;
  let languagesVersion = -1;
  async function languagesAt(version: number): Promise<PageLanguages> {
    if (languagesVersion === version) return languages;
    const settings = await getSettings(deps).catch(() => undefined);
    if (!settings) return languages;
    languages = { defaultLanguage: settings.defaultLanguage, offered: settings.languages };
    languagesVersion = version;
    return languages;
  }

  async function toEntry(url: URL, res: Response, version: number): Promise<CachedResponse | Response> {
    if (res.status !== 200) return res;
    const route = matchPublicRoute(url.pathname) as PublicRoute;
    const headers: Record<string, string> = {
      ...securityHeaders(url.href, route),
      "Content-Type": withCharset(res.headers.get("content-type") ?? "text/html"),
      "Cache-Control": PUBLIC_CACHE_CONTROL,
    };
    if (negotiates(route, url.search, languages)) headers.Vary = NEGOTIATED_VARY;
    const cors = res.headers.get("access-control-allow-origin");
    if (cors) headers["Access-Control-Allow-Origin"] = cors;
    const body = Buffer.from(await res.arrayBuffer());
    // Compressed on the thread pool: nobody waits for it but the very first reader of a key.
    const entry = buildEntry(200, headers, body, version, await gzipAsync(body, { level: 9 }));
    entry.source = url.href;
    return entry;
  }

  /** One render for all concurrent callers of a key and version; the result replaces (or, when gone, drops) the entry. */
  async function renderInto(key: string, url: URL, version: number, accept: string, renderAnonymous: AstroRender) {
    let timing = "";
    const result = await cache.fill(key, version, async () => {
      const started = performance.now();
      const res = await renderAnonymous(new Request(url, { headers: { accept } }));
      const rendered = performance.now();
      const entry = await toEntry(url, res, version);
      const renderMs = ms(rendered - started);
      const compressMs = ms(performance.now() - rendered);
      timing = `render;dur=${renderMs}, compress;dur=${compressMs}`;
      deps.logger.debug("public render", { key, version, renderMs, compressMs });
      if (!(entry instanceof Response)) {
        cache.set(key, entry);
        options.lastKnownGood?.remember(key, entry);
      }
      // Gone or now restricted (404): the old copy must not outlive it. A 5xx keeps the last known good.
      else if (entry.status < 500 && (cache.get(key)?.version ?? 0) <= version) cache.delete(key);
      return entry;
    });
    return { result, timing };
  }

  /** Stale-while-revalidate: starts the new render behind the reader, who gets the previous copy now. */
  function revalidate(key: string, existing: CachedResponse, version: number, renderAnonymous: AstroRender): void {
    if (!existing.source || (retryAt.get(key) ?? 0) > Date.now()) return;
    renderInto(key, new URL(existing.source), version, "*/*", renderAnonymous).then(
      ({ result }) => {
        if (result instanceof Response && result.status >= 500) retryAt.set(key, Date.now() + 1000);
        else retryAt.delete(key);
      },
      (err) => {
        retryAt.set(key, Date.now() + 1000);
        deps.logger.error("public render failed", { path: existing.source, err: err instanceof Error ? err.message : String(err) });
      },
    );
  }

  const send = (entry: CachedResponse, request: Request, state: string, timing?: string): Response => {
    const n = negotiate(
      entry,
      request.headers.get("accept-encoding") ?? undefined,
      request.headers.get("if-none-match") ?? undefined,
      request.method === "HEAD",
    );
    const body = n.body ? (new Uint8Array(n.body.buffer, n.body.byteOffset, n.body.length) as Uint8Array<ArrayBuffer>) : null;
    const headers: Record<string, string> = { ...n.headers, "X-Cache": state };
    if (timing) headers["Server-Timing"] = timing;
    return new Response(body, { status: n.status, headers });
  };

  return {
    cache,
    tracker,
    async handle(request, astro) {
      if (request.method !== "GET" && request.method !== "HEAD") return undefined;
      const url = new URL(request.url);
      const route = matchPublicRoute(url.pathname);
      if (!route) return undefined;
      if (hasPersonalCookie(request.headers.get("cookie"))) {
        const res = await renderPublic(deps, request, astro);
        for (const [k, v] of Object.entries(PRIVATE_HEADERS)) res.headers.set(k, v);
        return res;
      }
      const query = normalizeQuery(route, url.search);
      const version = await tracker.ensure();
      if (negotiates(route, query, await languagesAt(version))) {
        const other = negotiatedRedirect(request.headers.get("cookie"), request.headers.get("accept-language"), languages);
        if (other) return languageRedirect(url.pathname, query, other);
      }
      const key = keyOf(request.headers.get("host"), url.pathname, query);
      const existing = cache.get(key);
      if (existing && existing.version >= version) return send(existing, request, "HIT");
      const renderAnonymous = options.renderAnonymous ?? ((r: Request) => renderPublic(deps, r, astro));
      if (existing) {
        revalidate(key, existing, version, renderAnonymous);
        return send(existing, request, "STALE");
      }
      // No copy yet: the only case where a reader waits for a render.
      const normalized = new URL(url.pathname + query, url.origin);
      const saved = options.lastKnownGood?.get(key);
      let rendered: Awaited<ReturnType<typeof renderInto>>;
      try {
        rendered = await renderInto(key, normalized, version, request.headers.get("accept") ?? "*/*", renderAnonymous);
      } catch (err) {
        deps.logger.error("public render failed", { path: url.pathname, err: err instanceof Error ? err.message : String(err) });
        if (saved) return send(saved, request, "STALE");
        return new Response("The status page is temporarily unavailable.", {
          status: 503,
          headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "5" },
        });
      }
      const { result, timing } = rendered;
      if (!(result instanceof Response)) return send(result, request, "MISS", timing || undefined);
      if (saved && result.status >= 500) return send(saved, request, "STALE");
      // Astro answers 500 for its error page even when it names a database fault (with Retry-After): that is a 503, and its words are kept.
      const status = result.status === 500 && result.headers.has("retry-after") ? 503 : result.status;
      const copy = new Response(await result.clone().arrayBuffer(), { status, headers: result.headers });
      copy.headers.set("Cache-Control", result.status >= 500 ? "no-store" : "public, max-age=30");
      return copy;
    },
    serveFromMemory(req, res) {
      if (!tracker.isFresh()) return false;
      const found = anonymousKey(req);
      if (!found) return false;
      if (negotiates(found.route, found.query, languages)) {
        // A bare page URL: the shared copy fits only readers who ask for no other language.
        if (languagesVersion !== tracker.current) return false;
        if (negotiatedRedirect(req.headers.cookie, req.headers["accept-language"], languages)) return false;
      }
      const key = found.key;
      const entry = cache.get(key);
      if (!entry) return false;
      const ae = req.headers["accept-encoding"] as string | undefined;
      if (entry.version >= tracker.current) {
        writeHit(res, entry, ae, req.headers["if-none-match"], req.method === "HEAD");
        return "HIT";
      }
      // Without a render thread, Hono's path renders the new copy (with Astro's locals) and serves this one meanwhile.
      if (!options.renderAnonymous) return false;
      revalidate(key, entry, tracker.current, options.renderAnonymous);
      writeHit(res, entry, ae, req.headers["if-none-match"], req.method === "HEAD", "STALE");
      return "STALE";
    },
    serveLastKnownGood(req, res) {
      const key = anonymousKey(req)?.key;
      const entry = key ? options.lastKnownGood?.get(key) : undefined;
      if (!entry) return false;
      writeHit(res, entry, req.headers["accept-encoding"], req.headers["if-none-match"], req.method === "HEAD", "STALE");
      return true;
    },
  };

  /** The cache key (and route, normalized query) of an anonymous public GET/HEAD on the Node request, or null when the cache does not answer it. */
  function anonymousKey(req: IncomingMessage): { key: string; route: PublicRoute; query: string } | null {
    if (req.method !== "GET" && req.method !== "HEAD") return null;
    if (hasPersonalCookie(req.headers.cookie)) return null;
    const raw = req.url ?? "/";
    const q = raw.indexOf("?");
    const pathname = q < 0 ? raw : raw.slice(0, q);
    const route = matchPublicRoute(pathname);
    if (!route) return null;
    const query = q < 0 ? "" : normalizeQuery(route, raw.slice(q));
    return { key: keyOf(req.headers.host, pathname, query), route, query };
  }
}

const ms = (n: number): number => Math.round(n * 10) / 10;
