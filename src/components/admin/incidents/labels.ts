import { t as consoleT } from "../../../i18n/console/index.ts";
import { t } from "../../../i18n/index.ts";
import type { Visibility } from "../../../projection/index.ts";

/** Visibility in words, so the console shows plainly who will see something before it is published. */
export function visibilityLabel(v: Visibility | string): string {
  if (v === "public") return consoleT("labels.visible_to_public");
  if (v === "internal") return consoleT("labels.visible_to_internal");
  const slugs = Array.isArray(v) ? v : v.split(",");
  return consoleT("labels.visible_to_audiences", { audiences: slugs.join(", ") });
}

export const when = (d: Date | string | null | undefined): string =>
  d ? `${new Date(d).toISOString().slice(0, 16).replace("T", " ")} UTC` : "—";

/** An incident or maintenance status in words ("Identified", "In progress"). */
export const statusLabel = (status: string): string => t(`incident.${status}` as never) ?? status.replace(/_/g, " ");
/** An impact in words ("Major impact"). */
export const impactLabel = (impact: string): string => t(`impact.${impact}` as never) ?? impact;
/** A component status in words ("Partial outage"). */
export const componentStatusLabel = (status: string): string => t(`status.${status}` as never) ?? status.replace(/_/g, " ");

const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "in 12 minutes", "3 hours ago", "yesterday": a time as it relates to now (the console shows both). */
export function relativeTime(at: Date, now: Date): string {
  const ms = at.getTime() - now.getTime();
  for (const [unit, size] of UNITS) if (Math.abs(ms) >= size) return RELATIVE.format(Math.round(ms / size), unit);
  return ms >= 0 ? consoleT("labels.in_under_a_minute") : consoleT("labels.just_now");
}
