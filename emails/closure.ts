import { markdownToText, renderMarkdown } from "../src/lib/markdown.ts";
import { escapeHtml, formatTime, type NotificationLinks, type RenderedEmail } from "./components/html.ts";
import { type IncidentContext, incidentBlockHtml, incidentBlockText } from "./components/incident.ts";
import { renderLayout } from "./components/layout.ts";

export interface Commitment {
  text: string;
  owner: string;
  dueAt: Date | null;
  state: string;
}

export interface ClosureEmailProps extends IncidentContext {
  summary: string;
  apology: string | null;
  commitments: Commitment[];
  links: NotificationLinks;
}

export function commitmentsHtml(list: Commitment[], timeZone?: string): string {
  if (!list.length) return "";
  const items = list
    .map(
      (c) =>
        `<li>${escapeHtml(c.text)} — ${escapeHtml(c.owner)}${c.dueAt ? `, by ${escapeHtml(formatTime(c.dueAt, timeZone))}` : ""} (${escapeHtml(c.state.replace(/_/g, " "))})</li>`,
    )
    .join("");
  return `<h2 style="font-size:18px;margin:16px 0 8px">What we will do so it does not happen again</h2><ul style="margin:0 0 16px;padding-left:20px">${items}</ul>`;
}

export function commitmentsText(list: Commitment[], timeZone?: string): string {
  if (!list.length) return "";
  const items = list.map(
    (c) => `- ${c.text} — ${c.owner}${c.dueAt ? `, by ${formatTime(c.dueAt, timeZone)}` : ""} (${c.state.replace(/_/g, " ")})`,
  );
  return ["What we will do so it does not happen again:", ...items, ""].join("\n");
}

/** The incident is closed: what happened, an apology where due, and prevention commitments. */
export function renderClosureEmail(p: ClosureEmailProps): RenderedEmail {
  const apologyHtml = p.apology ? `<div style="margin:0 0 16px">${renderMarkdown(p.apology)}</div>` : "";
  return renderLayout({
    subject: `[${p.pageName}] Resolved: ${p.incidentTitle}`,
    pageName: p.pageName,
    preheader: `${p.incidentTitle} is resolved.`,
    heading: `Resolved: ${p.incidentTitle}`,
    bodyHtml: `<div style="margin:0 0 16px">${renderMarkdown(p.summary)}</div>${apologyHtml}${commitmentsHtml(p.commitments, p.timeZone)}${incidentBlockHtml(p)}`,
    bodyText: [
      markdownToText(p.summary),
      "",
      p.apology ? `${markdownToText(p.apology)}\n` : "",
      commitmentsText(p.commitments, p.timeZone),
      incidentBlockText(p),
    ].join("\n"),
    links: p.links,
    reason: `You receive this because you subscribed to ${p.pageName} status notifications.`,
  });
}
