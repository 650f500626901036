import type { ComponentStatus } from "../../../db/schema/index.ts";
import { dateTimeFormat } from "../../lib/intl.ts";

/** English pages keep day-month-year ("2 Mar 2026"); every other language formats dates its own way. */
function dateLocale(locale: string | undefined): string {
  return !locale || locale === "en" ? "en-GB" : locale;
}

/** "2 Mar 2026, 14:05 UTC" in the page's time zone. */
export function formatDateTime(d: Date, timeZone: string, locale?: string): string {
  return dateTimeFormat(dateLocale(locale), {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(d);
}

/** "14:05 UTC" when `d` is on `now`'s day in the page's time zone, else "2 Mar, 14:05 UTC" (the "Updated" line). */
export function formatUpdated(d: Date, now: Date, timeZone: string, locale?: string): string {
  const day = dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const sameDay = day.format(d) === day.format(now);
  return dateTimeFormat(dateLocale(locale), {
    timeZone,
    ...(sameDay ? {} : { day: "numeric", month: "short" }),
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(d);
}

const dayLabels = new Map<string, string>();

/** "2 Mar 2026" for a day key ("2026-03-02"); memoized, as every bar repeats the same 90 days. */
export function formatDay(key: string, locale?: string): string {
  const memo = `${locale ?? ""}${key}`;
  let label = dayLabels.get(memo);
  if (label) return label;
  label = dateTimeFormat(dateLocale(locale), { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" }).format(
    new Date(`${key}T00:00:00Z`),
  );
  if (dayLabels.size > 2000) dayLabels.clear();
  dayLabels.set(memo, label);
  return label;
}

export function formatMonth(key: string, locale?: string): string {
  return dateTimeFormat(dateLocale(locale), { timeZone: "UTC", month: "long", year: "numeric" }).format(new Date(`${key}-01T00:00:00Z`));
}

/** A glyph per status, so no state relies on colour alone (the text label sits beside it). */
export const STATUS_ICON: Record<ComponentStatus | "empty" | "none", string> = {
  operational: "✓",
  degraded_performance: "▲",
  partial_outage: "◆",
  major_outage: "✕",
  under_maintenance: "⚙",
  empty: "○",
  none: "·",
};

/** Short class names keep 2,700 history cells small on the wire. */
export const STATUS_CLASS: Record<ComponentStatus | "none", string> = {
  operational: "o",
  degraded_performance: "d",
  partial_outage: "p",
  major_outage: "m",
  under_maintenance: "u",
  none: "n",
};

/** The first line of an update's Markdown as plain words (no markup), cut at 160 characters: history's one-line excerpt. */
export function firstLine(markdown: string): string {
  const line = markdown.split("\n").find((l) => l.trim()) ?? "";
  const plain = line
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`>#~]/g, "")
    .trim();
  return plain.length > 160 ? `${plain.slice(0, 159)}…` : plain;
}
