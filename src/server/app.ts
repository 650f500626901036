import type { IncomingMessage } from "node:http";
import type { Client } from "@libsql/client";
import { type Context, Hono } from "hono";
import type { Migration } from "../../db/migrate.ts";
import { apiErrorResponse, createApi } from "../api/app.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../lib/errors.ts";
import { checkReadiness } from "./health.ts";
import { baseSecurityHeaders } from "./security.ts";

/** The client's address: the socket's, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientIp(c: Context, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket.remoteAddress;
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
}

/** The whole HTTP surface: health, the admin API, static files, and Astro for the rest. */
export function createServerApp(options: ServerOptions): Hono<{ Variables: { requestId: string } }> {
  const { deps } = options;
  const app = new Hono<{ Variables: { requestId: string } }>();
  const api = createApi(deps);

  app.use(async (c, next) => {
    const started = performance.now();
    const requestId = c.req.header("x-request-id")?.slice(0, 64) || crypto.randomUUID();
    c.set("requestId", requestId);
    await next();
    c.header("X-Request-Id", requestId);
    for (const [k, v] of Object.entries(baseSecurityHeaders(c.req.url))) if (!c.res.headers.has(k)) c.header(k, v);
    deps.logger.info("request", {
      id: requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });

  app.get("/healthz", (c) => c.json({ ok: true }, 200, { "Cache-Control": "no-store" }));
  app.get("/readyz", async (c) => {
    const readiness = await checkReadiness(options.client, options.migrations);
    return c.json(readiness, readiness.ok ? 200 : 503, { "Cache-Control": "no-store" });
  });
  app.all("/api/admin/*", (c) => api.fetch(c.req.raw, { requestId: c.get("requestId"), ip: clientIp(c, deps.env.TRUST_PROXY) }));
  app.all("/api/admin", (c) => api.fetch(c.req.raw, { requestId: c.get("requestId"), ip: clientIp(c, deps.env.TRUST_PROXY) }));

  app.all("*", async (c) => {
    if (options.serveStatic && (c.req.method === "GET" || c.req.method === "HEAD")) {
      const file = await options.serveStatic(c.req.raw);
      if (file) return file;
    }
    return options.render(c.req.raw, { deps, requestId: c.get("requestId"), ip: clientIp(c, deps.env.TRUST_PROXY) });
  });

  app.onError((err, c) => {
    const requestId = c.get("requestId") ?? "unknown";
    if (c.req.path.startsWith("/api/")) return apiErrorResponse(err, requestId, deps);
    deps.logger.error("unhandled error", { requestId, err: err.message, stack: err.stack });
    return c.text(new AppError("internal_error", "Something went wrong. Please try again in a moment.").message, 500);
  });
  return app;
}
