import { t as english, type Translator } from "../src/i18n/index.ts";
import { componentStatusColor } from "../src/lib/status-color.ts";
import { type EmailBrand, escapeHtml, formatTime, link, type NotificationLinks, pill, type RenderedEmail } from "./components/html.ts";
import { statusLabel } from "./components/incident.ts";
import { renderLayout } from "./components/layout.ts";

export interface ComponentStatusEmailProps {
  pageName: string;
  brand?: EmailBrand;
  componentName: string;
  /** Component statuses as stored ("partial_outage"); the email says them in the reader's words. */
  status: string;
  previousStatus: string;
  /** When the change was made. */
  postedAt: Date;
  timeZone?: string;
  pageUrl: string;
  links: NotificationLinks;
  /** The subscriber's language; English when not given. */
  t?: Translator;
}

/** A component's status changed without an incident (coalesced: see the subscribers guide). */
export function renderComponentStatusEmail(p: ComponentStatusEmailProps): RenderedEmail {
  const t = p.t ?? english;
  const now = statusLabel(t, p.status);
  const before = t("email.componentBefore", { status: statusLabel(t, p.previousStatus) });
  const at = formatTime(p.postedAt, p.timeZone, t.locale);
  const heading = `${p.componentName}: ${now}`;
  return renderLayout({
    subject: `[${p.pageName}] ${heading}`,
    pageName: p.pageName,
    brand: p.brand,
    preheader: `${heading}. ${before}`,
    heading,
    bodyHtml: `<p style="margin:0 0 16px">${pill(now, componentStatusColor(p.status))} <span class="muted" style="color:#545b68;font-size:14px;white-space:nowrap">${escapeHtml(at)}</span></p><p style="margin:0 0 16px">${escapeHtml(before)}</p><p style="margin:0 0 16px">${link(p.pageUrl, t("embed.open"), p.brand?.color)}</p>`,
    bodyText: `${now} · ${at}\n\n${before}\n\n${t("embed.open")}: ${p.pageUrl}`,
    links: p.links,
    reason: t("email.componentReason", { page: p.pageName }),
    t,
  });
}
