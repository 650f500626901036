import { dateTimeFormat } from "../../lib/intl.ts";

// Calendar days in the page's time zone: the history bar and the history page count days there.

/** "2026-03-02": the calendar day an instant falls on in a time zone. */
export function dayKey(instant: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = dateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(instant);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second")) - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar day ("2026-03-02") starts in a time zone. */
export function startOfDay(key: string, timeZone: string): Date {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - offsetMs(guess, timeZone);
  return new Date(guess - offsetMs(first, timeZone));
}

/** The day after a key, as a key (calendar arithmetic, no time zone needed). */
export function nextDayKey(key: string): string {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export function previousDayKey(key: string, days = 1): string {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

/** "2026-03": the month an instant falls in, in a time zone. */
export function monthKey(instant: Date, timeZone: string): string {
  return dayKey(instant, timeZone).slice(0, 7);
}

export function shiftMonth(key: string, by: number): string {
  const [y, m] = key.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
}

export interface DayWindow {
  date: string;
  from: number;
  to: number;
}

const windowCache = new Map<string, DayWindow[]>();

/** The last `days` calendar days up to today in a time zone, with their start and end instants (memoized per day). */
export function dayWindows(now: Date, timeZone: string, days: number): DayWindow[] {
  const today = dayKey(now, timeZone);
  const cacheKey = `${timeZone} ${today} ${days}`;
  const cached = windowCache.get(cacheKey);
  if (cached) return cached;
  const out: DayWindow[] = [];
  let key = previousDayKey(today, days - 1);
  let from = startOfDay(key, timeZone).getTime();
  for (let i = 0; i < days; i++) {
    const next = nextDayKey(key);
    const to = startOfDay(next, timeZone).getTime();
    out.push({ date: key, from, to });
    key = next;
    from = to;
  }
  if (windowCache.size > 100) windowCache.clear();
  windowCache.set(cacheKey, out);
  return out;
}
