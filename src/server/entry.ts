import { createServer as createNodeServer, type RequestListener, type ServerOptions } from "node:http";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { serve } from "@hono/node-server";
import { createApp } from "astro/app/entrypoint";
import { migrationsFromFiles } from "../../db/migrate.ts";
import journal from "../../db/migrations/meta/_journal.json?raw";
import { createDeps } from "../deps.ts";
import { type Env, EnvError, loadEnv } from "../env.ts";
import { errorFields } from "../lib/logger.ts";
import { Metrics } from "../lib/metrics.ts";
import { createServerApp, recordRequest } from "./app.ts";
import { type AstroRender, createPublicCache, renderPublic } from "./cache-handler.ts";
import { LastKnownGood } from "./last-known-good.ts";
import { RENDER_THREAD, serveRenderJobs, startRenderThread } from "./render-thread.ts";
import { startRuntime } from "./runtime.ts";
import { createStaticServer } from "./static.ts";

/** The production server: built by Astro with everything bundled, started by `npm start`. */
const sqlFiles = import.meta.glob<string>("../../db/migrations/*.sql", { query: "?raw", import: "default", eager: true });
const clientDir = "../client/";

async function main(): Promise<void> {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const metrics = new Metrics();
  // A file replaced under us cannot be used safely (its path now pairs with the old WAL): exit, for the supervisor to restart.
  const runtime = await startRuntime(env, migrationsFromFiles(journal, sqlFiles), metrics, (keptAs) => {
    runtime.deps.logger.error("database file replaced; stopping so the supervisor can restart on the new file", { keptAs });
    shutdown("database file replaced", EXIT_TEMPFAIL);
  });
  const astro = createApp({ streaming: false });
  const deps = runtime.deps;
  const inThread: AstroRender = (request) =>
    renderPublic(deps, request, (r) => astro.render(r, { locals: { deps, requestId: crypto.randomUUID() }, addCookieHeader: true }));
  const renderThread = usesRenderThread(env) ? startRenderThread(new URL(import.meta.url), deps.logger, inThread) : undefined;
  const lastKnownGood = new LastKnownGood(env.PUBLIC_CACHE_DIR, env.DATABASE_URL, deps.logger).load();
  const publicCache = createPublicCache(deps, { renderAnonymous: renderThread?.render, lastKnownGood });
  const stopTracking = publicCache.tracker.keepFresh();
  const app = createServerApp({
    publicCache,
    metrics,
    deps: runtime.deps,
    client: runtime.handle.client,
    migrations: runtime.migrations,
    databaseReady: runtime.isReady,
    render: (request, locals) => astro.render(request, { locals, addCookieHeader: true }),
    serveStatic: createStaticServer(fileURLToPath(new URL(clientDir, import.meta.url))),
  });
  const logger = runtime.deps.logger;
  // Hot path: fresh cached public responses are written straight to the socket, before Hono or Astro.
  const createServer = ((options: ServerOptions, listener: RequestListener) =>
    createNodeServer(options, (req, res) => {
      const started = performance.now();
      const state = publicCache.serveFromMemory(req, res);
      if (!state) return listener(req, res);
      const seconds = (performance.now() - started) / 1000;
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const path = q < 0 ? url : url.slice(0, q);
      recordRequest(metrics, path, req.method ?? "GET", res.statusCode, seconds, state);
      if (!logger.enabled("info")) return;
      logger.info("request", {
        id: crypto.randomUUID(),
        method: req.method,
        path,
        status: res.statusCode,
        ms: Math.round(seconds * 10_000) / 10,
        cache: state.toLowerCase(),
      });
    })) as typeof createNodeServer;
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST, createServer }, (info) => {
    runtime.deps.logger.info("listening", {
      url: `http://${env.HOST}:${info.port}`,
      database: env.DATABASE_URL.split("?")[0],
      mailer: runtime.deps.mailer.kind,
    });
  });

  let stopping = false;
  function shutdown(signal: string, code = 0): void {
    if (stopping) return;
    stopping = true;
    runtime.deps.logger.info("shutting down", { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      stopTracking();
      lastKnownGood.flush();
      await renderThread?.stop();
      await runtime.stop().catch((err) => runtime.deps.logger.error("shutdown incomplete", errorFields(err)));
      process.exit(code);
    });
    if ("closeIdleConnections" in server) server.closeIdleConnections();
    // Requests still open after 2 s (a slow upload, say) are cut, so the runtime always stops (and checkpoints) before the force exit.
    setTimeout(() => "closeAllConnections" in server && server.closeAllConnections(), 2_000).unref();
  }
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  // Last resort: a background task that forgot its catch must not take the public page down with it.
  process.on("unhandledRejection", (reason) => runtime.deps.logger.error("unhandled rejection", errorFields(reason)));
}

const EXIT_TEMPFAIL = 75;

/**
 * An embedded replica syncs its file from one connection only, so with DATABASE_SYNC_URL pages
 * render on the main thread (readers still get the previous copy while they do).
 */
function usesRenderThread(env: Env): boolean {
  return !env.DATABASE_SYNC_URL && !env.DATABASE_URL.includes(":memory:");
}

/** The render thread: its own database connection (reads only) and Astro app, anonymous public renders only. */
async function renderThreadMain(port: NonNullable<typeof parentPort>): Promise<void> {
  const { deps } = await createDeps(loadEnv());
  const astro = createApp({ streaming: false });
  const locals = { deps, requestId: "render-thread" };
  serveRenderJobs(port, (request) => renderPublic(deps, request, (r) => astro.render(r, { locals })));
}

if (isMainThread) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
} else if (workerData === RENDER_THREAD && parentPort) {
  renderThreadMain(parentPort).catch((err) => {
    console.error("render thread:", err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
