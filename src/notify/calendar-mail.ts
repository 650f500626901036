import type { Channel, deliveryBatch, EmailAttachment } from "../../db/schema/index.ts";
import type { Translator } from "../i18n/index.ts";
import { type CalendarWindow, maintenanceIcs } from "../lib/ical.ts";

type Batch = typeof deliveryBatch.$inferSelect;

/** Emails of one batch sent on their own: each is a request, so a batch of them holds a lane about a second at 10 requests/s. */
export const ALONE_BATCH_SIZE = 10;

/** The maintenance notices whose email carries the window as an .ics: it was announced, moved or called off. */
const CALENDAR_KINDS = new Set(["maintenance.scheduled", "maintenance.rescheduled", "maintenance.cancelled"]);

/**
 * Whether a notification's delivery on this channel is an email sent on its own: one carrying an
 * .ics, which Resend's batch endpoint does not take ("attachments are not supported" on
 * /emails/batch). Such deliveries are claimed only when no other email is due, so a maintenance
 * announcement to many never delays an incident's emails.
 */
export function sentAlone(kind: string, channel: Channel): boolean {
  return channel === "email" && CALENDAR_KINDS.has(kind);
}

/** The window as the reader sees it, as an .ics attachment (the same entry, UID and SEQUENCE as /maintenance.ics). */
export function calendarAttachment(
  kind: string,
  pageName: string,
  baseUrl: string,
  window: CalendarWindow,
  /** The reader's language: the entry's own few words ("Cancelled", the components' heading) and the calendar's name. */
  t: Translator,
): EmailAttachment | null {
  if (!CALENDAR_KINDS.has(kind) || !window.scheduledFor || !window.scheduledUntil) return null;
  const ics = maintenanceIcs({
    name: `${pageName}: ${t("page.calendar")}`,
    baseUrl,
    url: `${baseUrl}/maintenance/${window.id}`,
    windows: [window],
    words: { cancelled: t("incident.cancelled"), affected: t("sections.affected") },
  });
  return { filename: "maintenance.ics", content: Buffer.from(ics, "utf8").toString("base64"), contentType: "text/calendar; charset=utf-8" };
}

/** A batch whose rendered emails carry attachments: each member is sent on its own. */
export function hasAttachments(batch: Batch): boolean {
  return Object.values(batch.contents ?? {}).some((c) => c.attachments?.length);
}
