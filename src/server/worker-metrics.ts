import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hashSecret, secretMatches } from "../auth/secrets.ts";
import type { Logger } from "../lib/logger.ts";
import type { Gauge, Metrics } from "../lib/metrics.ts";

/**
 * `GET /metrics` for `npm run worker`, which has no web server: the provider series and outbox
 * gauges stay scrapeable with DISPATCHER=off. Same rule as the server's: METRICS_TOKEN as a bearer
 * token, or loopback clients only. A port already taken is logged, never fatal.
 */
export function startWorkerMetrics(
  metrics: Metrics,
  options: { port: number; host: string; token?: string; logger: Logger },
): Promise<Server | null> {
  const tokenHash = options.token ? hashSecret(options.token) : null;
  const server = createServer((req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Only GET /metrics is served here");
      return;
    }
    const auth = (req.headers.authorization ?? "").replace(/^Bearer /i, "");
    const ip = req.socket.remoteAddress ?? "";
    const allowed = tokenHash ? secretMatches(auth, tokenHash) : /^(127\.|::1$|::ffff:127\.)/.test(ip);
    if (!allowed) {
      res.writeHead(401, { "content-type": "text/plain", "cache-control": "no-store" }).end("Send Authorization: Bearer <METRICS_TOKEN>");
      return;
    }
    metrics.render().then(
      (body) => res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve) => {
    server.once("error", (err) => {
      options.logger.warn("worker metrics not served", { port: options.port, message: err.message });
      resolve(null);
    });
    server.listen(options.port, options.host, () => {
      options.logger.info("worker metrics", { url: `http://${options.host}:${(server.address() as AddressInfo).port}/metrics` });
      resolve(server);
    });
  });
}

/** The worker's own memory, so a slow leak shows on a dashboard and in bench:soak. */
export async function processMemoryGauges(): Promise<Gauge[]> {
  const m = process.memoryUsage();
  return [
    { name: "clarion_process_resident_memory_bytes", help: "Resident set size.", samples: [{ labels: {}, value: m.rss }] },
    { name: "clarion_process_heap_used_bytes", help: "V8 heap in use.", samples: [{ labels: {}, value: m.heapUsed }] },
    {
      name: "clarion_process_external_memory_bytes",
      help: "Memory outside the V8 heap held by JS objects.",
      samples: [{ labels: {}, value: m.external + m.arrayBuffers }],
    },
  ];
}
