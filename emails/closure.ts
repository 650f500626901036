import { t as english, type MessageKey, type Translator } from "../src/i18n/index.ts";
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

export function commitmentsHtml(list: Commitment[], timeZone?: string, t: Translator = english): string {
  if (!list.length) return "";
  const items = list
    .map(
      (c) =>
        `<li>${escapeHtml(c.text)} — ${escapeHtml(c.owner)}${c.dueAt ? `, ${escapeHtml(t("email.by", { date: formatTime(c.dueAt, timeZone, t.locale) }))}` : ""} (${escapeHtml(stateLabel(t, c.state))})</li>`,
    )
    .join("");
  return `<h2 style="font-size:18px;margin:16px 0 8px">${escapeHtml(t("sections.commitments"))}</h2><ul style="margin:0 0 16px;padding-left:20px">${items}</ul>`;
}

export function commitmentsText(list: Commitment[], timeZone?: string, t: Translator = english): string {
  if (!list.length) return "";
  const items = list.map(
    (c) =>
      `- ${c.text} — ${c.owner}${c.dueAt ? `, ${t("email.by", { date: formatTime(c.dueAt, timeZone, t.locale) })}` : ""} (${stateLabel(t, c.state)})`,
  );
  return [`${t("sections.commitments")}:`, ...items, ""].join("\n");
}

/** The incident is closed: what happened, an apology where due, and prevention commitments. */
/** A commitment's state in the reader's words ("In progress", "In Arbeit"). */
function stateLabel(t: Translator, state: string): string {
  const key = `commitment.${state}` as MessageKey;
  const label = t(key);
  return label === key ? state.replace(/_/g, " ") : label;
}

export function renderClosureEmail(p: ClosureEmailProps): RenderedEmail {
  const t = p.t ?? english;
  const apologyHtml = p.apology ? `<div style="margin:0 0 16px">${renderMarkdown(p.apology)}</div>` : "";
  return renderLayout({
    subject: `[${p.pageName}] ${t("email.resolvedTitle", { title: p.incidentTitle })}`,
    pageName: p.pageName,
    preheader: t("email.resolvedPreheader", { title: p.incidentTitle }),
    heading: t("email.resolvedTitle", { title: p.incidentTitle }),
    bodyHtml: `<div style="margin:0 0 16px">${renderMarkdown(p.summary)}</div>${apologyHtml}${commitmentsHtml(p.commitments, p.timeZone, t)}${incidentBlockHtml(p)}`,
    bodyText: [
      markdownToText(p.summary),
      "",
      p.apology ? `${markdownToText(p.apology)}\n` : "",
      commitmentsText(p.commitments, p.timeZone, t),
      incidentBlockText(p),
    ].join("\n"),
    links: p.links,
    reason: t("email.reasonSubscribed", { page: p.pageName }),
    t,
  });
}
