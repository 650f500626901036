import { t as english, type MessageKey, type Translator } from "../src/i18n/index.ts";
import { markdownToText, renderMarkdown } from "../src/lib/markdown.ts";
import { escapeHtml, formatDate, formatTime, type NotificationLinks, type RenderedEmail } from "./components/html.ts";
import { type IncidentContext, incidentBlockHtml, incidentBlockText, statusLabel, statusLineHtml } from "./components/incident.ts";
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

/** "Platform team · by 1 Apr 2026 · In progress": who, by when (the day, not the hour) and where it stands. */
function commitmentMeta(c: Commitment, timeZone: string | undefined, t: Translator): string {
  const due = c.dueAt ? t("email.by", { date: formatDate(c.dueAt, timeZone, t.locale) }) : null;
  return [c.owner, due, stateLabel(t, c.state)].filter(Boolean).join(" · ");
}

export function commitmentsHtml(list: Commitment[], timeZone?: string, t: Translator = english): string {
  if (!list.length) return "";
  const items = list
    .map(
      (c) =>
        `<li style="margin:0 0 8px">${escapeHtml(c.text)}<br><span class="muted" style="color:#545b68;font-size:14px">${escapeHtml(commitmentMeta(c, timeZone, t))}</span></li>`,
    )
    .join("");
  return `<h2 style="font-size:18px;margin:16px 0 8px">${escapeHtml(t("sections.commitments"))}</h2><ul style="margin:0 0 16px;padding-${t.dir === "rtl" ? "right" : "left"}:20px">${items}</ul>`;
}

export function commitmentsText(list: Commitment[], timeZone?: string, t: Translator = english): string {
  if (!list.length) return "";
  const items = list.map((c) => `- ${c.text} (${commitmentMeta(c, timeZone, t)})`);
  return [`${t("sections.commitments")}:`, ...items, ""].join("\n");
}

/** A commitment's state in the reader's words ("In progress", "In Arbeit"). */
function stateLabel(t: Translator, state: string): string {
  const key = `commitment.${state}` as MessageKey;
  const label = t(key);
  return label === key ? state.replace(/_/g, " ") : label;
}

/**
 * The incident is closed: the status, what happened (the summary, once: the closing update's words
 * are the same summary), an apology where due, prevention commitments and what was affected.
 */
export function renderClosureEmail(p: ClosureEmailProps): RenderedEmail {
  const t = p.t ?? english;
  const apologyHtml = p.apology ? `<div style="margin:0 0 16px">${renderMarkdown(p.apology)}</div>` : "";
  return renderLayout({
    subject: `[${p.pageName}] ${t("email.resolvedTitle", { title: p.incidentTitle })}`,
    pageName: p.pageName,
    preheader: t("email.resolvedPreheader", { title: p.incidentTitle }),
    // The pill says Resolved; the heading names the incident, so neither repeats the other.
    heading: p.incidentTitle,
    brand: p.brand,
    bodyHtml: `${statusLineHtml(p)}<div style="margin:0 0 16px">${renderMarkdown(p.summary)}</div>${apologyHtml}${commitmentsHtml(p.commitments, p.timeZone, t)}${incidentBlockHtml(p, { withoutBody: true, during: true })}`,
    bodyText: [
      `${statusLabel(t, p.status)} · ${formatTime(p.postedAt, p.timeZone, t.locale)}`,
      "",
      markdownToText(p.summary),
      "",
      ...(p.apology ? [markdownToText(p.apology), ""] : []),
      ...(p.commitments.length ? [commitmentsText(p.commitments, p.timeZone, t)] : []),
      incidentBlockText(p, { withoutBody: true, during: true }),
    ].join("\n"),
    links: p.links,
    reason: t("email.reasonSubscribed", { page: p.pageName }),
    t,
  });
}
