import type { IncomingMessage } from "node:http";
import type { Client } from "@libsql/client";
import { type Context, Hono } from "hono";
import { DatabaseFaultError, FAULT_MESSAGE } from "../../db/faults.ts";
import type { Migration } from "../../db/migrate.ts";
import { createApi } from "../api/app.ts";
import { apiErrorResponse } from "../api/error-response.ts";
import { createIntakeApi } from "../api/intake/index.ts";
import { createWebhooksApp } from "../api/webhooks/index.ts";
import { hashSecret, secretMatches } from "../auth/secrets.ts";
import type { Deps } from "../deps.ts";
import { AppError, databaseFaultError } from "../lib/errors.ts";
import { Metrics, routeGroup } from "../lib/metrics.ts";
import { boundedRequest } from "./body-limit.ts";
import { createPublicCache, type PublicCache } from "./cache-handler.ts";
import { matchPublicRoute } from "./cache-routes.ts";
import { checkReadiness } from "./health.ts";
import { corsPreflight } from "./public-api.ts";
import { baseSecurityHeaders } from "./security.ts";

/**
 * The client's address: the socket's, or behind `trustedHops` proxies of our own the address
 * that many entries from the right of X-Forwarded-For; entries further left are client-written.
 */
export function clientIp(c: Context, trustedHops: number): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const socket = incoming?.socket.remoteAddress;
  if (trustedHops <= 0) return socket;
  const hops = (c.req.header("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  return hops[Math.max(0, hops.length - trustedHops)] ?? socket;
}

/** Renders a request through Astro with Clarion's locals. */
export type PageRenderer = (request: Request, locals: App.Locals) => Promise<Response>;

export interface ServerOptions {
  deps: Deps;
  client: Client;
  migrations: Migration[];
  render: PageRenderer;
  /** Serves built static files (dist/client) or returns undefined to fall through. */
  serveStatic?: (request: Request) => Promise<Response | undefined>;
  /** The public render cache (src/server/cache-handler.ts); entry.ts shares it with its fast path. */
  publicCache?: PublicCache;
  /** Prometheus registry for /metrics; a private one when not given. */
  metrics?: Metrics;
  /** False while the server waits for a database that was unreachable at start-up (see runtime.ts). */
  databaseReady?: () => boolean;
}

type RequestSeries = { count: () => void; latency: (seconds: number) => void; cache: (() => void) | null };
const requestSeries = new WeakMap<Metrics, Map<string, RequestSeries>>();

/** Counts one answered request: by route group, method class and status, with its latency and cache state. */
export function recordRequest(
  metrics: Metrics,
  pathname: string,
  method: string,
  status: number,
  seconds: number,
  cache: string | null,
): void {
  const group = routeGroup(pathname);
  const methodClass = method === "HEAD" ? "GET" : method;
  // Series are resolved once per combination: the fast path answers tens of thousands a second.
  let known = requestSeries.get(metrics);
  if (!known) {
    known = new Map();
    requestSeries.set(metrics, known);
  }
  const id = `${group} ${methodClass} ${status} ${cache ?? ""}`;
  let series = known.get(id);
  if (!series) {
    series = {
      count: metrics.counter("clarion_http_requests_total", "HTTP requests by route group and status.", {
        group,
        method: methodClass,
        status: String(status),
      }),
      latency: metrics.histogram("clarion_http_request_duration_seconds", "HTTP request latency by route group.", { group }),
      cache: cache
        ? metrics.counter("clarion_cache_requests_total", "Public render cache lookups by result.", { result: cache.toLowerCase() })
        : null,
    };
    known.set(id, series);
  }
  series.count();
  series.latency(seconds);
  series.cache?.();
  if (group === "webhooks" && (status === 401 || status === 400)) {
    metrics.inc("clarion_webhook_verification_failures_total", "Provider webhooks refused for a bad signature or payload.", {
      status: String(status),
    });
  }
}

/** The whole HTTP surface: health, the admin API, static files, and Astro for the rest. */
export function createServerApp(options: ServerOptions): Hono<{ Variables: { requestId: string } }> {
  const { deps } = options;
  const app = new Hono<{ Variables: { requestId: string } }>();
  const api = createApi(deps);
  const publicCache = options.publicCache ?? createPublicCache(deps);
  const metrics = options.metrics ?? new Metrics();

  app.use(async (c, next) => {
    const started = performance.now();
    const requestId = c.req.header("x-request-id")?.slice(0, 64) || crypto.randomUUID();
    c.set("requestId", requestId);
    await next();
    // A write on this instance (any unsafe method) makes the next public request re-check the content version.
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && c.req.method !== "OPTIONS") publicCache.tracker.invalidate();
    c.header("X-Request-Id", requestId);
    const ownPolicy = c.res.headers.has("content-security-policy");
    for (const [k, v] of Object.entries(baseSecurityHeaders(c.req.url))) {
      // A route with its own CSP (embeddable badge/widget) decides framing through frame-ancestors.
      if (!c.res.headers.has(k) && !(ownPolicy && k === "X-Frame-Options")) c.header(k, v);
    }
    const seconds = (performance.now() - started) / 1000;
    recordRequest(metrics, c.req.path, c.req.method, c.res.status, seconds, c.res.headers.get("x-cache"));
    deps.logger.info("request", {
      id: requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(seconds * 10_000) / 10,
    });
  });

  // Every body is read within its path's limit here, before Hono or Astro parses it (413 past it).
  app.use(async (c, next) => {
    const prepared = await boundedRequest(c.req.raw, deps.env.PUBLIC_URL);
    if (prepared !== "too_large") {
      c.req.raw = prepared;
      return next();
    }
    const tooLarge = new AppError("payload_too_large", "The request body is too large: send less");
    if (c.req.path.startsWith("/api/")) return apiErrorResponse(tooLarge, c.get("requestId"), deps);
    return c.text(tooLarge.message, 413, { "Cache-Control": "no-store" });
  });

  // Prometheus text format: with METRICS_TOKEN as a bearer token, or from this machine only when no token is set.
  // The team-level figures (open incidents by impact count restricted ones too) are never public.
  app.get("/metrics", async (c) => {
    const token = deps.env.METRICS_TOKEN;
    const auth = c.req.header("authorization") ?? "";
    const ip = clientIp(c, 0) ?? "";
    // A reverse proxy on this machine makes every outside request loopback: it adds X-Forwarded-For.
    const proxied = c.req.header("x-forwarded-for") !== undefined || c.req.header("forwarded") !== undefined;
    const allowed = token
      ? secretMatches(auth.replace(/^Bearer /i, ""), hashSecret(token))
      : !proxied && /^(127\.|::1$|::ffff:127\.)/.test(ip);
    if (!allowed) return c.text("Send Authorization: Bearer <METRICS_TOKEN>", 401, { "Cache-Control": "no-store" });
    return c.body(await metrics.render(), 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store" });
  });

  // Started during a database outage: public pages (their last known good copies) and static files
  // only; everything else answers the database fault at once, and nothing runs against an unmigrated database.
  app.use(async (c, next) => {
    if (!options.databaseReady || options.databaseReady() || ["/healthz", "/readyz"].includes(c.req.path)) return next();
    const read = c.req.method === "GET" || c.req.method === "HEAD";
    if (read && matchPublicRoute(c.req.path)) return next();
    const file = read ? await options.serveStatic?.(c.req.raw) : undefined;
    if (file) return file;
    throw new DatabaseFaultError("unreachable", FAULT_MESSAGE.unreachable);
  });

  app.get("/healthz", (c) => c.json({ ok: true }, 200, { "Cache-Control": "no-store" }));
  app.get("/readyz", async (c) => {
    const readiness = await checkReadiness(options.client, options.migrations);
    // The database can answer before this instance has finished starting (its retry timer has not
    // fired yet): not ready until it has, so a load balancer sends it no writes it would refuse.
    const starting = options.databaseReady !== undefined && !options.databaseReady();
    const body = starting ? { ...readiness, ok: false, checks: { ...readiness.checks, starting: { ok: false } } } : readiness;
    return c.json(body, body.ok ? 200 : 503, { "Cache-Control": "no-store" });
  });
  app.all("/api/admin/*", (c) => api.fetch(c.req.raw, { requestId: c.get("requestId"), ip: clientIp(c, deps.env.TRUST_PROXY) }));
  const intake = createIntakeApi(deps);
  app.all("/api/intake/*", (c) => intake.fetch(c.req.raw, { requestId: c.get("requestId"), ip: clientIp(c, deps.env.TRUST_PROXY) }));
  const webhooks = createWebhooksApp(deps);
  app.all("/api/webhooks/*", (c) => webhooks.fetch(c.req.raw, { requestId: c.get("requestId"), ip: clientIp(c, deps.env.TRUST_PROXY) }));
  app.all("/api/admin", (c) => api.fetch(c.req.raw, { requestId: c.get("requestId"), ip: clientIp(c, deps.env.TRUST_PROXY) }));

  app.options(
    "/api/v2/*",
    (c) => corsPreflight(new URL(c.req.url), c.req.header("access-control-request-headers")) ?? c.text("Not found", 404),
  );

  app.all("*", async (c) => {
    const locals = { deps, requestId: c.get("requestId"), ip: clientIp(c, deps.env.TRUST_PROXY) };
    const cached = await publicCache.handle(c.req.raw, (request) => options.render(request, locals));
    if (cached) return cached;
    if (options.serveStatic && (c.req.method === "GET" || c.req.method === "HEAD")) {
      const file = await options.serveStatic(c.req.raw);
      if (file) return file;
    }
    return options.render(c.req.raw, { deps, requestId: c.get("requestId"), ip: clientIp(c, deps.env.TRUST_PROXY) });
  });

  app.onError((err, c) => {
    const requestId = c.get("requestId") ?? "unknown";
    if (c.req.path.startsWith("/api/")) return apiErrorResponse(err, requestId, deps);
    const fault = databaseFaultError(err);
    if (fault) return c.text(fault.message, 503, { "Retry-After": fault.headers?.["Retry-After"] ?? "5", "Cache-Control": "no-store" });
    deps.logger.error("unhandled error", { requestId, err: err.message, stack: err.stack });
    return c.text(new AppError("internal_error", "Something went wrong. Please try again in a moment.").message, 500);
  });
  return app;
}
