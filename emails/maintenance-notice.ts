import { t as english } from "../src/i18n/index.ts";
import { escapeHtml, formatTime, type NotificationLinks, type RenderedEmail } from "./components/html.ts";
import { type IncidentContext, incidentBlockHtml, incidentBlockText, statusLabel } from "./components/incident.ts";
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
  const t = p.t ?? english;
  const window =
    p.scheduledFor && p.scheduledUntil
      ? `${formatTime(p.scheduledFor, p.timeZone, t.locale)} – ${formatTime(p.scheduledUntil, p.timeZone, t.locale)}`
      : p.scheduledFor
        ? t("email.from", { time: formatTime(p.scheduledFor, p.timeZone, t.locale) })
        : "";
  const calendarHtml = p.calendarUrl ? ` · <a href="${escapeHtml(p.calendarUrl)}">${escapeHtml(t("email.addToCalendar"))}</a>` : "";
  const subject = `[${p.pageName}] ${t("email.maintenanceTitle", { title: p.incidentTitle })} — ${statusLabel(t, p.status)}`;
  return renderLayout({
    subject,
    pageName: p.pageName,
    preheader: t("email.planned", { window: window || statusLabel(t, p.status) }),
    heading: t("email.maintenanceTitle", { title: p.incidentTitle }),
    bodyHtml: `${window ? `<p style="margin:0 0 16px"><strong>${escapeHtml(t("email.window"))}:</strong> ${escapeHtml(window)}${calendarHtml}</p>` : ""}${incidentBlockHtml(p)}`,
    bodyText: `${window ? `${t("email.window")}: ${window}\n${p.calendarUrl ? `${t("email.addToCalendar")}: ${p.calendarUrl}\n` : ""}\n` : ""}${incidentBlockText(p)}`,
    links: p.links,
    reason: t("email.reasonMaintenance", { page: p.pageName }),
    t,
  });
}
