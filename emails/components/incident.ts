import { t as english, type Translator } from "../../src/i18n/index.ts";
import { renderMarkdown as toHtml, markdownToText as toText } from "../../src/lib/markdown.ts";
import { escapeHtml, formatTime } from "./html.ts";

/** What every incident-related notification shows: the incident, its status and the words chosen for this reader. */
export interface IncidentContext {
  pageName: string;
  incidentTitle: string;
  incidentUrl: string;
  status: string;
  impact?: string;
  /** Markdown already chosen by the projection for this reader. */
  body: string;
  postedAt: Date;
  components: { name: string; status: string }[];
  /** Earlier updates this reader did not get because a newer one superseded them. */
  missed?: { status: string; postedAt: Date; body: string }[];
  timeZone?: string;
  /** The subscriber's language (every label, date and the subject); English when not given. */
  t?: Translator;
}

/** A status in the reader's words ("Identified", "Ursache gefunden"), falling back to the spelled-out value. */
export function statusLabel(t: Translator, status: string): string {
  const key = (status in STATUS_KEYS ? `status.${status}` : `incident.${status}`) as Parameters<Translator>[0];
  const label = t(key);
  return label === key ? humanize(status) : label;
}
const STATUS_KEYS = { operational: 1, degraded_performance: 1, partial_outage: 1, major_outage: 1, under_maintenance: 1 };

/**
 * A fan-out renders the same few update bodies thousands of times; remembering the last
 * 64 conversions keeps markdown off the per-recipient cost.
 */
function memo(fn: (s: string) => string): (s: string) => string {
  const cache = new Map<string, string>();
  return (source) => {
    let out = cache.get(source);
    if (out === undefined) {
      out = fn(source);
      if (cache.size >= 64) cache.delete(cache.keys().next().value as string);
      cache.set(source, out);
    }
    return out;
  };
}
const renderMarkdown = memo(toHtml);
const markdownToText = memo(toText);

export const humanize = (s: string): string => s.replace(/_/g, " ");

export function incidentBlockHtml(p: IncidentContext): string {
  const t = p.t ?? english;
  const components = p.components.length
    ? `<p style="margin:0 0 16px"><strong>${escapeHtml(t("sections.affected"))}:</strong> ${p.components.map((c) => `${escapeHtml(c.name)} (${escapeHtml(statusLabel(t, c.status))})`).join(", ")}</p>`
    : "";
  return `<p style="margin:0 0 8px"><strong>${escapeHtml(statusLabel(t, p.status))}</strong> · ${escapeHtml(formatTime(p.postedAt, p.timeZone, t.locale))}</p>
<div style="margin:0 0 16px">${renderMarkdown(p.body)}</div>
${components}${missedHtml(p)}<p style="margin:0 0 16px"><a href="${escapeHtml(p.incidentUrl)}">${escapeHtml(t("email.timeline"))}</a></p>`;
}

export function incidentBlockText(p: IncidentContext): string {
  const t = p.t ?? english;
  const lines = [`${statusLabel(t, p.status)} · ${formatTime(p.postedAt, p.timeZone, t.locale)}`, "", markdownToText(p.body), ""];
  if (p.components.length)
    lines.push(`${t("sections.affected")}: ${p.components.map((c) => `${c.name} (${statusLabel(t, c.status)})`).join(", ")}`, "");
  if (p.missed?.length) {
    lines.push(`${t("email.missed")}:`);
    for (const m of p.missed)
      lines.push(`- ${statusLabel(t, m.status)}, ${formatTime(m.postedAt, p.timeZone, t.locale)}: ${firstLine(m.body)}`);
    lines.push("");
  }
  lines.push(`${t("email.timeline")}: ${p.incidentUrl}`);
  return lines.join("\n");
}

function missedHtml(p: IncidentContext): string {
  if (!p.missed?.length) return "";
  const t = p.t ?? english;
  const items = p.missed
    .map(
      (m) =>
        `<li>${escapeHtml(statusLabel(t, m.status))}, ${escapeHtml(formatTime(m.postedAt, p.timeZone, t.locale))}: ${escapeHtml(firstLine(m.body))}</li>`,
    )
    .join("");
  return `<p style="margin:0 0 4px"><strong>${escapeHtml(t("email.missed"))}:</strong></p><ul style="margin:0 0 16px;padding-left:20px">${items}</ul>`;
}

/** A one-line summary of a missed update: its first sentence or line, shortened. */
function firstLine(body: string): string {
  const text = markdownToText(body).split("\n")[0] ?? "";
  return text.length > 140 ? `${text.slice(0, 137)}…` : text;
}
