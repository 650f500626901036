import type { IncomingMessage, ServerResponse } from "node:http";
import type { Deps } from "../deps.ts";
import { ANONYMOUS, resolveViewer } from "../projection/index.ts";
import { readContentVersion } from "../services/content-version.ts";
import { buildEntry, type CachedResponse, RenderCache, VersionTracker } from "./cache.ts";
import { negotiate, securityHeaders, withCharset, writeHit } from "./cache-negotiate.ts";
import { hasPersonalCookie, matchPublicRoute, normalizeQuery, type PublicRoute } from "./cache-routes.ts";
import { renderPublicDirect } from "./public-api.ts";

export const PUBLIC_CACHE_CONTROL = "public, max-age=30, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400";
const PRIVATE_HEADERS = { "Cache-Control": "private, no-store", Vary: "Cookie", "X-Robots-Tag": "noindex" };

/** Renders a normalized public request through Astro (pages) — the direct routes need no Astro. */
export type AstroRender = (request: Request) => Promise<Response>;

export interface PublicCache {
  cache: RenderCache;
  tracker: VersionTracker;
  /** Answers a public GET/HEAD (from the cache when anonymous), or undefined for other paths. */
  handle(request: Request, astro: AstroRender): Promise<Response | undefined>;
  /** Node fast path: writes a fresh cached response itself and returns true, else false. */
  serveFromMemory(req: IncomingMessage, res: ServerResponse): boolean;
}

export function createPublicCache(deps: Deps, options: { maxBytes?: number; versionIntervalMs?: number } = {}): PublicCache {
  const cache = new RenderCache(options.maxBytes);
  const tracker = new VersionTracker(() => readContentVersion(deps.db), options.versionIntervalMs ?? 1000);
  const keyOf = (host: string | null | undefined, pathname: string, query: string) =>
    `anon ${deps.env.PUBLIC_URL ? "" : (host ?? "")}${pathname}${query}`;

  async function render(route: PublicRoute, request: Request, astro: AstroRender): Promise<Response> {
    if (route.renderer === "astro") return astro(request);
    const viewer = hasPersonalCookie(request.headers.get("cookie")) ? await resolveViewer(deps, request) : ANONYMOUS;
    return renderPublicDirect(deps, viewer, new URL(request.url));
  }

  async function toEntry(route: PublicRoute, url: URL, res: Response, version: number): Promise<CachedResponse | Response> {
    if (res.status !== 200) return res;
    const headers: Record<string, string> = {
      ...securityHeaders(url.href, route),
      "Content-Type": withCharset(res.headers.get("content-type") ?? "text/html"),
      "Cache-Control": PUBLIC_CACHE_CONTROL,
    };
    const cors = res.headers.get("access-control-allow-origin");
    if (cors) headers["Access-Control-Allow-Origin"] = cors;
    return buildEntry(200, headers, Buffer.from(await res.arrayBuffer()), version);
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
        const res = await render(route, request, astro);
        for (const [k, v] of Object.entries(PRIVATE_HEADERS)) res.headers.set(k, v);
        return res;
      }
      const query = normalizeQuery(route, url.search);
      const key = keyOf(request.headers.get("host"), url.pathname, query);
      const version = await tracker.ensure();
      const existing = cache.get(key);
      if (existing && existing.version === version) return send(existing, request, "HIT");
      const normalized = new URL(url.pathname + query, url.origin);
      let result: CachedResponse | Response;
      let timing = "";
      try {
        result = await cache.fill(key, version, async () => {
          const started = performance.now();
          const res = await render(route, new Request(normalized, { headers: { accept: request.headers.get("accept") ?? "*/*" } }), astro);
          const rendered = performance.now();
          const entry = await toEntry(route, normalized, res, version);
          const renderMs = ms(rendered - started);
          const compressMs = ms(performance.now() - rendered);
          timing = `render;dur=${renderMs}, compress;dur=${compressMs}`;
          deps.logger.debug("public render", { key, version, renderMs, compressMs });
          if (!(entry instanceof Response)) cache.set(key, entry);
          return entry;
        });
      } catch (err) {
        deps.logger.error("public render failed", { path: url.pathname, err: err instanceof Error ? err.message : String(err) });
        if (existing) return send(existing, request, "STALE");
        return new Response("The status page is temporarily unavailable.", {
          status: 503,
          headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "5" },
        });
      }
      if (!(result instanceof Response)) return send(result, request, "MISS", timing || undefined);
      // Last known good: a failed render (database down) serves the previous copy.
      if (result.status >= 500 && existing) return send(existing, request, "STALE");
      const copy = new Response(result.status >= 500 ? null : await result.clone().arrayBuffer(), result);
      copy.headers.set("Cache-Control", result.status >= 500 ? "no-store" : "public, max-age=30");
      return copy;
    },
    serveFromMemory(req, res) {
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      if (!tracker.isFresh() || hasPersonalCookie(req.headers.cookie)) return false;
      const raw = req.url ?? "/";
      const q = raw.indexOf("?");
      const pathname = q < 0 ? raw : raw.slice(0, q);
      const route = matchPublicRoute(pathname);
      if (!route) return false;
      const key = keyOf(req.headers.host, pathname, q < 0 ? "" : normalizeQuery(route, raw.slice(q)));
      const entry = cache.get(key);
      if (!entry || entry.version !== tracker.current) return false;
      writeHit(res, entry, req.headers["accept-encoding"] as string | undefined, req.headers["if-none-match"], req.method === "HEAD");
      return true;
    },
  };
}

const ms = (n: number): number => Math.round(n * 10) / 10;
