import { escapeHtml, type NotificationLinks, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface ComponentStatusEmailProps {
  pageName: string;
  componentName: string;
  /** Statuses in words: "Partial outage", "Operational". */
  status: string;
  previousStatus: string;
  pageUrl: string;
  links: NotificationLinks;
}

/** A component's status changed without an incident (coalesced: see the subscribers guide). */
export function renderComponentStatusEmail(p: ComponentStatusEmailProps): RenderedEmail {
  const subject = `[${p.pageName}] ${p.componentName}: ${p.status}`;
  return renderLayout({
    subject,
    pageName: p.pageName,
    preheader: `${p.componentName} is now ${p.status} (was ${p.previousStatus})`,
    heading: `${p.componentName}: ${p.status}`,
    bodyHtml: `<p style="margin:0 0 16px"><strong>${escapeHtml(p.componentName)}</strong> is now <strong>${escapeHtml(p.status)}</strong>. It was ${escapeHtml(p.previousStatus)}.</p><p style="margin:0 0 16px"><a href="${escapeHtml(p.pageUrl)}">See the status page</a></p>`,
    bodyText: `${p.componentName} is now ${p.status}. It was ${p.previousStatus}.\n\nSee the status page: ${p.pageUrl}`,
    links: p.links,
    reason: `You receive this because you asked ${p.pageName} for component status changes.`,
  });
}
