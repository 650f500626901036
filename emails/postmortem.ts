import { markdownToText, renderMarkdown } from "../src/lib/markdown.ts";
import { escapeHtml, type NotificationLinks, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface PostmortemEmailProps {
  pageName: string;
  incidentTitle: string;
  incidentUrl: string;
  /** Markdown, already projected for this reader. */
  body: string;
  links: NotificationLinks;
}

/** The published review of an incident. */
export function renderPostmortemEmail(p: PostmortemEmailProps): RenderedEmail {
  return renderLayout({
    subject: `[${p.pageName}] Postmortem: ${p.incidentTitle}`,
    pageName: p.pageName,
    preheader: `What happened during ${p.incidentTitle}, and what we learned.`,
    heading: `Postmortem: ${p.incidentTitle}`,
    bodyHtml: `<div style="margin:0 0 16px">${renderMarkdown(p.body)}</div><p style="margin:0 0 16px"><a href="${escapeHtml(p.incidentUrl)}">Read it on the status page</a></p>`,
    bodyText: `${markdownToText(p.body)}\n\nOn the status page: ${p.incidentUrl}`,
    links: p.links,
    reason: `You receive this because you subscribed to ${p.pageName} status notifications.`,
  });
}
