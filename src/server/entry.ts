import { createServer as createNodeServer, type RequestListener, type ServerOptions } from "node:http";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { createApp } from "astro/app/entrypoint";
import { migrationsFromFiles } from "../../db/migrate.ts";
import journal from "../../db/migrations/meta/_journal.json?raw";
import { EnvError, loadEnv } from "../env.ts";
import { Metrics } from "../lib/metrics.ts";
import { createServerApp, recordRequest } from "./app.ts";
import { createPublicCache } from "./cache-handler.ts";
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
  const runtime = await startRuntime(env, migrationsFromFiles(journal, sqlFiles), metrics);
  const astro = createApp({ streaming: false });
  const publicCache = createPublicCache(runtime.deps);
  const stopTracking = publicCache.tracker.keepFresh();
  const app = createServerApp({
    publicCache,
    metrics,
    deps: runtime.deps,
    client: runtime.handle.client,
    migrations: runtime.migrations,
    render: (request, locals) => astro.render(request, { locals, addCookieHeader: true }),
    serveStatic: createStaticServer(fileURLToPath(new URL(clientDir, import.meta.url))),
  });
  const logger = runtime.deps.logger;
  // Hot path: fresh cached public responses are written straight to the socket, before Hono or Astro.
  const createServer = ((options: ServerOptions, listener: RequestListener) =>
    createNodeServer(options, (req, res) => {
      const started = performance.now();
      if (!publicCache.serveFromMemory(req, res)) return listener(req, res);
      const seconds = (performance.now() - started) / 1000;
      const path = (req.url ?? "/").split("?")[0] as string;
      recordRequest(metrics, path, req.method ?? "GET", res.statusCode, seconds, "HIT");
      if (!logger.enabled("info")) return;
      logger.info("request", {
        id: crypto.randomUUID(),
        method: req.method,
        path,
        status: res.statusCode,
        ms: Math.round(seconds * 10_000) / 10,
        cache: "hit",
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
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.deps.logger.info("shutting down", { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      stopTracking();
      await runtime.stop();
      process.exit(0);
    });
    if ("closeIdleConnections" in server) server.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
