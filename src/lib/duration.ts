/**
 * A span of time in the words people use in an incident channel: "47 min", "3 h 5 min", "2 days 4 h".
 * Minutes are rounded; under a minute reads "1 min" so a resolved incident never lasted "0 min".
 * With a locale, the same parts are worded by Intl.DurationFormat ("3 Std., 5 Min.", "3 時間 5 分").
 */
export function formatDuration(ms: number, locale?: string): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  const parts = durationParts(minutes);
  if (locale) return durationFormat(locale).format(parts);
  if (!parts.hours && !parts.days) return `${minutes} min`;
  if (!parts.days) return parts.minutes ? `${parts.hours} h ${parts.minutes} min` : `${parts.hours} h`;
  return `${parts.days} days${parts.hours ? ` ${parts.hours} h` : ""}`;
}

interface DurationParts {
  days?: number;
  hours?: number;
  minutes?: number;
}

/** Minutes under an hour; hours and minutes under two days; days and hours beyond. */
function durationParts(minutes: number): DurationParts {
  if (minutes < 60) return { minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? { hours, minutes: minutes % 60 } : { hours };
  return hours % 24 ? { days: Math.floor(hours / 24), hours: hours % 24 } : { days: Math.floor(hours / 24) };
}

/** Intl.DurationFormat (Node 23+) is not in TypeScript's lib yet. */
interface DurationFormat {
  format(parts: DurationParts): string;
}
const DurationFormatCtor = (Intl as unknown as { DurationFormat: new (locale: string, options: { style: "short" }) => DurationFormat })
  .DurationFormat;

const formats = new Map<string, DurationFormat>();
function durationFormat(locale: string): DurationFormat {
  let f = formats.get(locale);
  if (!f) {
    f = new DurationFormatCtor(locale, { style: "short" });
    formats.set(locale, f);
  }
  return f;
}
