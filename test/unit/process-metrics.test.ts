import { describe, expect, it } from "vitest";
import { Metrics } from "../../src/lib/metrics.ts";

const sample = (text: string, series: string): number => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(" ")[1]) : Number.NaN;
};

describe("process series on /metrics", () => {
  it("report memory and how late the event loop ran since the previous scrape", async () => {
    const metrics = new Metrics();
    await metrics.render(); // the first scrape starts the event-loop measurement
    await new Promise((r) => setTimeout(r, 50));
    const blockedUntil = performance.now() + 200;
    while (performance.now() < blockedUntil) {
      // a synchronous stall, as a driver waiting on a lock would cause
    }
    await new Promise((r) => setTimeout(r, 50));
    const text = await metrics.render();
    expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
    expect(sample(text, "nodejs_heap_used_bytes")).toBeGreaterThan(1_000_000);
    expect(text).toContain("# TYPE nodejs_eventloop_lag_seconds gauge");
    expect(sample(text, 'nodejs_eventloop_lag_seconds{quantile="max"}')).toBeGreaterThan(0.05);
  });
});
