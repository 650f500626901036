/**
 * A small Prometheus registry: counters and histograms with labels, rendered in the text
 * exposition format (version 0.0.4). Gauges that describe the database are collected on scrape.
 */
import { processGaugeCollector } from "./process-metrics.ts";

type Labels = Record<string, string>;

const key = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k]).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");

export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface Gauge {
  name: string;
  help: string;
  samples: { labels: Labels; value: number }[];
}

export class Metrics {
  private counters = new Map<string, { help: string; values: Map<string, number> }>();
  private histograms = new Map<
    string,
    { help: string; buckets: number[]; series: Map<string, { counts: number[]; sum: number; count: number }> }
  >();
  private collectors: (() => Promise<Gauge[]>)[] = [processGaugeCollector()];

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    this.counter(name, help, labels)(by);
  }

  observe(name: string, help: string, labels: Labels, seconds: number, buckets = LATENCY_BUCKETS): void {
    this.histogram(name, help, labels, buckets)(seconds);
  }

  /** One counter series, resolved once: a hot path increments it without building label keys. */
  counter(name: string, help: string, labels: Labels = {}): (by?: number) => void {
    let c = this.counters.get(name);
    if (!c) {
      c = { help, values: new Map() };
      this.counters.set(name, c);
    }
    const values = c.values;
    const k = key(labels);
    return (by = 1) => {
      values.set(k, (values.get(k) ?? 0) + by);
    };
  }

  /** One histogram series, resolved once (see counter). */
  histogram(name: string, help: string, labels: Labels, buckets = LATENCY_BUCKETS): (seconds: number) => void {
    let h = this.histograms.get(name);
    if (!h) {
      h = { help, buckets, series: new Map() };
      this.histograms.set(name, h);
    }
    const k = key(labels);
    let s = h.series.get(k);
    if (!s) {
      s = { counts: h.buckets.map(() => 0), sum: 0, count: 0 };
      h.series.set(k, s);
    }
    const series = s;
    const bounds = h.buckets;
    return (seconds) => {
      for (let i = 0; i < bounds.length; i++) if (seconds <= (bounds[i] as number)) series.counts[i] = (series.counts[i] as number) + 1;
      series.sum += seconds;
      series.count++;
    };
  }

  /** Registers a scrape-time collector (database gauges). */
  collect(fn: () => Promise<Gauge[]>): void {
    this.collectors.push(fn);
  }

  async render(): Promise<string> {
    const lines: string[] = [];
    for (const [name, c] of this.counters) {
      lines.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`);
      for (const [k, v] of c.values) lines.push(`${name}${k ? `{${k}}` : ""} ${v}`);
    }
    for (const [name, h] of this.histograms) {
      lines.push(`# HELP ${name} ${h.help}`, `# TYPE ${name} histogram`);
      for (const [k, s] of h.series) {
        const sep = k ? "," : "";
        for (const [i, b] of h.buckets.entries()) lines.push(`${name}_bucket{${k}${sep}le="${b}"} ${s.counts[i]}`);
        lines.push(
          `${name}_bucket{${k}${sep}le="+Inf"} ${s.count}`,
          `${name}_sum${k ? `{${k}}` : ""} ${s.sum}`,
          `${name}_count${k ? `{${k}}` : ""} ${s.count}`,
        );
      }
    }
    for (const collector of this.collectors) {
      for (const g of await collector()) {
        lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
        for (const s of g.samples) lines.push(`${g.name}${Object.keys(s.labels).length ? `{${key(s.labels)}}` : ""} ${s.value}`);
      }
    }
    return `${lines.join("\n")}\n`;
  }
}

/** Route groups keep label cardinality bounded: never a raw path in a label. */
export function routeGroup(pathname: string): string {
  if (pathname === "/healthz" || pathname === "/readyz" || pathname === "/metrics") return "health";
  if (pathname.startsWith("/api/admin")) return "admin_api";
  if (pathname.startsWith("/api/v2")) return "public_json";
  if (pathname.startsWith("/api/webhooks") || pathname.startsWith("/api/intake")) return "webhooks";
  if (pathname.startsWith("/admin")) return "console";
  if (pathname.startsWith("/_astro/") || /\.(css|js|svg|png|ico|woff2|txt)$/.test(pathname)) return "static";
  if (/^\/history\.(atom|rss)$/.test(pathname) || pathname === "/badge.svg") return "feeds";
  return "public_page";
}
