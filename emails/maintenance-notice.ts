import { escapeHtml, formatTime, type NotificationLinks, type RenderedEmail } from "./components/html.ts";
import { humanize, type IncidentContext, incidentBlockHtml, incidentBlockText } from "./components/incident.ts";
import { renderLayout } from "./components/layout.ts";

export interface MaintenanceNoticeEmailProps extends IncidentContext {
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  links: NotificationLinks;
  /** The window as an .ics (a link, not an attachment: Resend's batch endpoint takes no attachments); null for a window the public cannot see. */
  calendarUrl?: string | null;
}

/** A maintenance was scheduled, started, completed, moved or cancelled. */
export function renderMaintenanceNoticeEmail(p: MaintenanceNoticeEmailProps): RenderedEmail {
  const window =
    p.scheduledFor && p.scheduledUntil
      ? `${formatTime(p.scheduledFor, p.timeZone)} – ${formatTime(p.scheduledUntil, p.timeZone)}`
      : p.scheduledFor
        ? `from ${formatTime(p.scheduledFor, p.timeZone)}`
        : "";
  const calendarHtml = p.calendarUrl ? ` · <a href="${escapeHtml(p.calendarUrl)}">Add it to your calendar</a>` : "";
  const subject = `[${p.pageName}] Maintenance: ${p.incidentTitle} — ${humanize(p.status)}`;
  return renderLayout({
    subject,
    pageName: p.pageName,
    preheader: window ? `Planned maintenance ${window}` : `Planned maintenance: ${humanize(p.status)}`,
    heading: `Maintenance: ${p.incidentTitle}`,
    bodyHtml: `${window ? `<p style="margin:0 0 16px"><strong>Window:</strong> ${escapeHtml(window)}${calendarHtml}</p>` : ""}${incidentBlockHtml(p)}`,
    bodyText: `${window ? `Window: ${window}\n${p.calendarUrl ? `Add it to your calendar: ${p.calendarUrl}\n` : ""}\n` : ""}${incidentBlockText(p)}`,
    links: p.links,
    reason: `You receive this because you asked ${p.pageName} for maintenance notices.`,
  });
}
