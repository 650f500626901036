import { utcToZoned, zonedToUtc } from "../../lib/time-zone.ts";

export interface MonthItem {
  id: string;
  title: string;
  status: string;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
}

export interface MonthDay<T> {
  /** "2027-01-15" in the member's zone. */
  date: string;
  inMonth: boolean;
  today: boolean;
  /** What is scheduled on that day, with "09:00" when it starts that day (else it continues from before). */
  items: { item: T; startsAt?: string }[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month asked for ("2027-01"), or the one today falls in (in the zone) when it is missing or malformed. */
export function monthOrToday(asked: string | null, now: Date, zone: string): string {
  return asked && MONTH.test(asked) ? asked : utcToZoned(now, zone).slice(0, 7);
}

/** The months before and after ("2026-12", "2027-02"). */
export function neighbourMonths(month: string): { previous: string; next: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const shift = (by: number) => new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
  return { previous: shift(-1), next: shift(1) };
}

/** "January 2027". */
export function monthName(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(Date.UTC(y, m - 1, 1));
}

const dayPlus = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A month as whole weeks, Monday first, with each day's maintenance windows; days are the member's
 * (a window at 23:30 UTC may fall on the next day in Berlin). A window spanning days is on each of them.
 */
export function monthGrid<T extends MonthItem>(month: string, items: T[], zone: string, now: Date): MonthDay<T>[][] {
  const first = `${month}-01`;
  const weekday = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  let date = dayPlus(first, -weekday);
  const today = utcToZoned(now, zone).slice(0, 10);
  const weeks: MonthDay<T>[][] = [];
  do {
    const week: MonthDay<T>[] = [];
    for (let i = 0; i < 7; i++, date = dayPlus(date, 1)) {
      const start = zonedToUtc(`${date}T00:00`, zone)?.getTime() ?? 0;
      const end = zonedToUtc(`${dayPlus(date, 1)}T00:00`, zone)?.getTime() ?? 0;
      const onDay = items.filter((m) => {
        if (!m.scheduledFor) return false;
        const from = m.scheduledFor.getTime();
        const until = m.scheduledUntil?.getTime() ?? from;
        return from < end && (until > start || from >= start);
      });
      week.push({
        date,
        inMonth: date.startsWith(month),
        today: date === today,
        items: onDay.map((item) => {
          const from = item.scheduledFor?.getTime() ?? 0;
          return { item, startsAt: from >= start ? utcToZoned(new Date(from), zone).slice(11, 16) : undefined };
        }),
      });
    }
    weeks.push(week);
  } while (date.startsWith(month));
  return weeks;
}
