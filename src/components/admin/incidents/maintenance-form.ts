import { field, visibilityFromChoice } from "../../../lib/forms.ts";
import { utcToZoned } from "../../../lib/time-zone.ts";
import { localToIso } from "./form.ts";

type Form = Record<string, string | string[]> | undefined;

/** The new-maintenance form, shaped for CreateMaintenance. */
export function maintenanceFromForm(form: Form, zone = "UTC"): Record<string, unknown> {
  return {
    title: field(form, "title"),
    visibility: visibilityFromChoice(form),
    components: ([] as string[]).concat(form?.components ?? []),
    scheduledFor: localToIso(field(form, "scheduledFor"), zone),
    scheduledUntil: localToIso(field(form, "scheduledUntil"), zone),
    body: field(form, "body"),
    internalNote: field(form, "internalNote").trim() || undefined,
    autoTransition: field(form, "autoTransition") === "on",
    reminderMinutes: Number(field(form, "reminderMinutes") || 60),
    notify: field(form, "notify") === "on",
  };
}

/** Groups maintenances by the day their window opens in the member's zone ("2026-12-07"). */
export function byDay<T extends { scheduledFor: Date | null }>(items: T[], zone = "UTC"): { day: string; items: T[] }[] {
  const days = new Map<string, T[]>();
  for (const m of items) {
    const day = m.scheduledFor ? utcToZoned(m.scheduledFor, zone).slice(0, 10) : "unscheduled";
    days.set(day, [...(days.get(day) ?? []), m]);
  }
  return [...days.entries()].map(([day, list]) => ({ day, items: list }));
}

const PAST = ["completed", "cancelled"];

/**
 * The maintenance list in the order someone planning work needs it: what is running now, then what
 * is coming (soonest first), then what is over (most recent first).
 */
export function maintenanceSections<T extends { status: string; scheduledFor: Date | null; scheduledUntil: Date | null }>(
  items: T[],
): { now: T[]; upcoming: T[]; past: T[] } {
  const at = (d: Date | null) => d?.getTime() ?? 0;
  return {
    now: items.filter((m) => m.status === "in_progress" || m.status === "verifying"),
    upcoming: items.filter((m) => m.status === "scheduled").sort((a, b) => at(a.scheduledFor) - at(b.scheduledFor)),
    past: items.filter((m) => PAST.includes(m.status)).sort((a, b) => at(b.scheduledUntil) - at(a.scheduledUntil)),
  };
}
