export const INSIGHT_WINDOWS = [30, 90, 365] as const;
export type InsightWindow = (typeof INSIGHT_WINDOWS)[number];

export interface Bucket {
  start: Date;
  end: Date;
  label: string;
}

const DAY = 86_400_000;
/** Daily bars for a month, weekly for a quarter, 30-day periods for a year. */
const BUCKET_DAYS: Record<InsightWindow, number> = { 30: 1, 90: 7, 365: 30 };

export function parseWindow(value: string | null | undefined): InsightWindow {
  const n = Number(value);
  return (INSIGHT_WINDOWS as readonly number[]).includes(n) ? (n as InsightWindow) : 90;
}

/** Equal buckets ending at the start of tomorrow (UTC), oldest first, covering at least `days`. */
export function buckets(now: Date, days: InsightWindow): Bucket[] {
  const size = BUCKET_DAYS[days] * DAY;
  const end = Math.floor(now.getTime() / DAY) * DAY + DAY;
  const count = Math.ceil(days / BUCKET_DAYS[days]);
  const out: Bucket[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = new Date(end - (i + 1) * size);
    out.push({ start, end: new Date(end - i * size), label: start.toISOString().slice(0, 10) });
  }
  return out;
}

/** Index of the bucket holding `at`, or -1 outside the window. */
export function bucketOf(list: Bucket[], at: Date): number {
  const first = list[0];
  if (!first) return -1;
  const size = first.end.getTime() - first.start.getTime();
  const i = Math.floor((at.getTime() - first.start.getTime()) / size);
  return i >= 0 && i < list.length ? i : -1;
}
