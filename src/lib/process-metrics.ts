import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Gauge } from "./metrics.ts";

/**
 * Process series for /metrics: memory, and how late the event loop ran since the previous
 * scrape (a synchronous database wait or a long loop shows up here before anywhere else).
 */
export function processGaugeCollector(): () => Promise<Gauge[]> {
  let loop: ReturnType<typeof monitorEventLoopDelay> | undefined;
  return async () => {
    if (!loop) {
      loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
    }
    const memory = process.memoryUsage();
    const seconds = (ns: number) => (Number.isFinite(ns) ? ns / 1e9 : 0);
    const lag = { p50: seconds(loop.percentile(50)), p99: seconds(loop.percentile(99)), max: seconds(loop.max) };
    loop.reset();
    const one = (name: string, help: string, value: number): Gauge => ({ name, help, samples: [{ labels: {}, value }] });
    return [
      one("process_resident_memory_bytes", "Resident set size of the process.", memory.rss),
      one("nodejs_heap_used_bytes", "V8 heap in use.", memory.heapUsed),
      one("nodejs_heap_total_bytes", "V8 heap reserved.", memory.heapTotal),
      one("nodejs_external_memory_bytes", "Memory held outside the V8 heap (buffers, native statements).", memory.external),
      one("process_uptime_seconds", "Seconds since the process started.", process.uptime()),
      {
        name: "nodejs_eventloop_lag_seconds",
        help: "Event-loop delay since the previous scrape (the first scrape starts the measurement).",
        samples: Object.entries(lag).map(([quantile, value]) => ({ labels: { quantile }, value })),
      },
    ];
  };
}
