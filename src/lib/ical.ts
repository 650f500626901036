import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { absoluteMarkdownLinks, markdownToText } from "./markdown.ts";

/** What a calendar entry needs of a maintenance window, as some viewer sees it. */
export interface CalendarWindow {
  id: string;
  title: string;
  status: string;
  /** Counts the window's changes (a moved window, a new title, a cancellation). */
  sequence: number;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
  updates: { body: string }[];
  components: { name: string }[];
}

/** The calendar's few words of its own: before a cancelled window's title, and before the components. */
export interface CalendarWords {
  cancelled: string;
  affected: string;
}
const ENGLISH: CalendarWords = { cancelled: "Cancelled", affected: "Affected" };

/**
 * The iCalendar (RFC 5545) of maintenance windows, one VEVENT per window: UID stable per
 * maintenance (so a calendar updates the one entry), SEQUENCE counting its changes,
 * STATUS:CANCELLED once cancelled. Written by ical-generator, which folds lines and escapes text
 * as the RFC requires. The subscribed feed (/maintenance.ics) and the file attached to a
 * maintenance email are both this; windows without start and end are left out.
 */
export function maintenanceIcs(options: {
  name: string;
  baseUrl: string;
  url: string;
  windows: CalendarWindow[];
  /** The words around the window's own, in the reader's language (the feed's default: English). */
  words?: CalendarWords;
}): string {
  const { baseUrl } = options;
  const words = options.words ?? ENGLISH;
  const host = new URL(baseUrl).hostname;
  const calendar = ical({
    name: options.name,
    prodId: { company: "Clarion", product: "status page", language: "EN" },
    method: ICalCalendarMethod.PUBLISH,
    url: options.url,
    ttl: 60 * 60,
  });
  for (const m of options.windows) {
    if (!m.scheduledFor || !m.scheduledUntil) continue;
    calendar.createEvent({
      id: `maintenance-${m.id}@${host}`,
      sequence: m.sequence,
      start: m.scheduledFor,
      end: m.scheduledUntil,
      stamp: m.updatedAt,
      created: m.createdAt,
      lastModified: m.updatedAt,
      summary: m.status === "cancelled" ? `${words.cancelled}: ${m.title}` : m.title,
      description: description(m, baseUrl, words),
      url: `${baseUrl}/maintenance/${m.id}`,
      status: m.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/** The latest update in words, the affected components and the page's link. */
function description(m: CalendarWindow, baseUrl: string, words: CalendarWords): string {
  const latest = m.updates[0];
  const body = latest ? markdownToText(absoluteMarkdownLinks(latest.body, baseUrl)) : "";
  const affected = m.components.length ? `${words.affected}: ${m.components.map((c) => c.name).join(", ")}` : "";
  return [body, affected, `${baseUrl}/maintenance/${m.id}`].filter(Boolean).join("\n\n");
}
