import { t as english } from "../src/i18n/index.ts";
import { escapeHtml, formatTime, formatWindow, link, type NotificationLinks, type RenderedEmail } from "./components/html.ts";
import { type IncidentContext, incidentBlockHtml, incidentBlockText, statusLabel } from "./components/incident.ts";
import { renderLayout } from "./components/layout.ts";

export interface MaintenanceNoticeEmailProps extends IncidentContext {
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  links: NotificationLinks;
  /** The window's .ics feed, for a window the public can see (an announcement, move or cancellation also attaches the file); null otherwise. */
  calendarUrl?: string | null;
}

/** A maintenance was scheduled, started, completed, moved or cancelled. */
export function renderMaintenanceNoticeEmail(p: MaintenanceNoticeEmailProps): RenderedEmail {
  const t = p.t ?? english;
  const window =
    p.scheduledFor && p.scheduledUntil
      ? formatWindow(p.scheduledFor, p.scheduledUntil, p.timeZone, t.locale)
      : p.scheduledFor
        ? t("email.from", { time: formatTime(p.scheduledFor, p.timeZone, t.locale) })
        : "";
  const calendarHtml = p.calendarUrl ? `<br>${link(p.calendarUrl, t("email.addToCalendar"), p.brand?.color)}` : "";
  const m = { ...p, kind: "maintenance" as const };
  const windowHtml = window
    ? `<p style="margin:0 0 16px"><strong>${escapeHtml(t("email.window"))}:</strong> ${escapeHtml(window)}${calendarHtml}</p>`
    : "";
  const windowText = window
    ? `${t("email.window")}: ${window}${p.calendarUrl ? `\n${t("email.addToCalendar")}: ${p.calendarUrl}` : ""}`
    : "";
  const subject = `[${p.pageName}] ${t("email.maintenanceTitle", { title: p.incidentTitle })} — ${statusLabel(t, p.status)}`;
  return renderLayout({
    subject,
    pageName: p.pageName,
    brand: p.brand,
    preheader: t("email.planned", { window: window || statusLabel(t, p.status) }),
    heading: t("email.maintenanceTitle", { title: p.incidentTitle }),
    bodyHtml: incidentBlockHtml(m, { during: true, afterStatus: { html: windowHtml, text: windowText } }),
    bodyText: incidentBlockText(m, { during: true, afterStatus: { html: windowHtml, text: windowText } }),
    links: p.links,
    reason: t("email.reasonMaintenance", { page: p.pageName }),
    t,
  });
}
