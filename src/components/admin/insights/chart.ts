import type { ChartSpec } from "../../../services/insights/aggregate.ts";

export const WIDTH = 640;
export const HEIGHT = 220;
export const PAD = { left: 44, right: 8, top: 10, bottom: 34 };

export interface Bar {
  x: number;
  y: number;
  w: number;
  h: number;
  series: number;
  title: string;
}

export interface Geometry {
  max: number;
  ticks: number[];
  bars: Bar[];
  /** A line is broken into segments where a period has no value: a gap, never a drop to 0. */
  lines: { series: number; segments: string[]; dots: { x: number; y: number; title: string }[] }[];
  xLabels: { x: number; text: string }[];
}

const niceMax = (v: number) => {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((n) => n >= v) ?? v;
};

const DAY = new Intl.DateTimeFormat("en", { day: "numeric", month: "short", timeZone: "UTC" });

/** An axis label that fits: "5 Sep" for a day, names cut to 10 characters. */
function shortLabel(text: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return DAY.format(new Date(`${text}T00:00:00Z`));
  return text.length > 10 ? `${text.slice(0, 9)}…` : text;
}

/** True when a chart has nothing to draw (every value empty or 0): the page says so instead. */
export function isEmptyChart(spec: ChartSpec): boolean {
  return spec.series.every((s) => s.values.every((v) => !v));
}

/** Pure layout of a chart into SVG coordinates (the component only draws). */
export function layout(spec: ChartSpec): Geometry {
  const n = spec.labels.length || 1;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / n;
  const totals = spec.labels.map((_, i) =>
    spec.kind === "stacked"
      ? spec.series.reduce((s, x) => s + (x.values[i] ?? 0), 0)
      : Math.max(0, ...spec.series.map((x) => x.values[i] ?? 0)),
  );
  const max = niceMax(Math.max(0, ...totals));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const bars: Bar[] = [];
  const lines: Geometry["lines"] = [];
  if (spec.kind === "line") {
    spec.series.forEach((s, si) => {
      const dots = s.values.flatMap((v, i) =>
        v === null ? [] : [{ x: PAD.left + slot * (i + 0.5), y: y(v), title: `${spec.labels[i]}: ${s.name} ${v} ${spec.unit}` }],
      );
      const segments: string[] = [];
      let run: string[] = [];
      s.values.forEach((v, i) => {
        if (v === null) {
          if (run.length) segments.push(run.join(" "));
          run = [];
        } else run.push(`${(PAD.left + slot * (i + 0.5)).toFixed(1)},${y(v).toFixed(1)}`);
      });
      if (run.length) segments.push(run.join(" "));
      lines.push({ series: si, segments, dots });
    });
  } else {
    spec.labels.forEach((label, i) => {
      let base = 0;
      spec.series.forEach((s, si) => {
        const v = s.values[i] ?? 0;
        if (!v) return;
        const w = spec.kind === "stacked" ? slot * 0.7 : (slot * 0.8) / spec.series.length;
        const x = spec.kind === "stacked" ? PAD.left + slot * i + slot * 0.15 : PAD.left + slot * i + slot * 0.1 + w * si;
        const top = y(base + v);
        bars.push({ x, y: top, w: Math.max(1, w), h: y(base) - top, series: si, title: `${label}: ${s.name} ${v}` });
        if (spec.kind === "stacked") base += v;
      });
    });
  }
  const every = Math.ceil(n / 6);
  const xLabels = spec.labels.flatMap((text, i) => (i % every === 0 ? [{ x: PAD.left + slot * (i + 0.5), text: shortLabel(text) }] : []));
  return { max, ticks: [0, max / 2, max], bars, lines, xLabels };
}
