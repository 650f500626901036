/**
 * Wall-clock times in a named IANA time zone, with Intl only (no tz database of our own).
 * The console reads and writes `datetime-local` values ("2026-01-15T09:00") in the member's zone.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True for a zone name Intl knows ("Europe/Berlin", "UTC"); false for anything else. */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || !zone || zone.length > 64) return false;
  try {
    partsFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** Every zone this runtime knows, for a picker (UTC first). */
export function timeZoneNames(): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...all.filter((z) => z !== "UTC")];
}

/** The wall-clock fields of an instant in a zone, as if they were UTC (milliseconds). */
function wallClockMs(at: Date, zone: string): number {
  const p: Record<string, number> = {};
  for (const part of partsFormatter(zone).formatToParts(at)) if (part.type !== "literal") p[part.type] = Number(part.value);
  return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
}

/** How far the zone is ahead of UTC at that instant, in milliseconds (New York in winter: -5 h). */
export function zoneOffsetMs(at: Date, zone: string): number {
  return wallClockMs(at, zone) - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant a wall-clock time in a zone names. In the hour skipped when clocks go forward the
 * time is read with the offset before the change (02:30 becomes 03:30); in the hour that repeats
 * when they go back, the earlier of the two is taken.
 */
export function zonedToUtc(local: string, zone: string): Date | undefined {
  const m = LOCAL.exec(local);
  if (!m) return undefined;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(asUtc)) return undefined;
  const before = zoneOffsetMs(new Date(asUtc - 86_400_000), zone);
  const after = zoneOffsetMs(new Date(asUtc + 86_400_000), zone);
  // Try the earlier offset first, so a repeated hour resolves to its first occurrence.
  for (const offset of before >= after ? [before, after] : [after, before]) {
    const candidate = new Date(asUtc - offset);
    if (wallClockMs(candidate, zone) === asUtc) return candidate;
  }
  return new Date(asUtc - before);
}

/** An instant as a `datetime-local` value in a zone ("2026-01-15T09:00"). */
export function utcToZoned(at: Date, zone: string): string {
  return new Date(wallClockMs(at, zone)).toISOString().slice(0, 16);
}
