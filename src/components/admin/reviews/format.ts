import { whenIn } from "../zone.ts";

/** "1 h 5 min", "45 s", or "—" for an unknown duration. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ""}`;
  return `${Math.round(h / 24)} d`;
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? "—" : `${Math.round(rate * 100)}%`;
}

/** "15 Jan 2026, 09:00 EST": an instant in the member's zone (consoleZone), named like other console dates. */
export function at(d: Date | null | undefined, zone: string): string {
  return d ? whenIn(d, zone) : "—";
}

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** "15 Jan 2026": a due date, stored as that day's midnight UTC, so the same day in every zone. */
export function day(d: Date | null | undefined): string {
  return d ? dayFormat.format(d) : "—";
}
