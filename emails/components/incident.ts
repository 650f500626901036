import { t as english, type Translator } from "../../src/i18n/index.ts";
import { renderMarkdown as toHtml, markdownToText as toText } from "../../src/lib/markdown.ts";
import { statusColor } from "../../src/lib/status-color.ts";
import { type EmailBrand, escapeHtml, formatTime, link, pill } from "./html.ts";

/** What every incident-related notification shows: the incident, its status and the words chosen for this reader. */
export interface IncidentContext {
  pageName: string;
  /** The page's logo, colour and links (see renderLayout). */
  brand?: EmailBrand;
  /** Maintenance pills are blue; an incident's follow its impact. */
  kind?: "incident" | "maintenance";
  incidentTitle: string;
  incidentUrl: string;
  status: string;
  impact?: string;
  /** Markdown already chosen by the projection for this reader. */
  body: string;
  postedAt: Date;
  /** Each component, its status now and the worst it was during the incident (when any update changed it). */
  components: { name: string; status: string; during?: string }[];
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

/** The status pill in the reader's words, coloured by impact (green once over), and when it was posted. */
export function statusLineHtml(p: IncidentContext): string {
  const t = p.t ?? english;
  const color = statusColor({ kind: p.kind ?? "incident", impact: p.impact ?? "none" }, p.status);
  return `<p style="margin:0 0 16px">${pill(statusLabel(t, p.status), color)} <span class="muted" style="color:#545b68;font-size:14px;white-space:nowrap">${escapeHtml(formatTime(p.postedAt, p.timeZone, t.locale))}</span></p>`;
}

/**
 * The components in words. While an incident lasts: "API: Partial outage". Once it is over, or for a
 * maintenance, their status now says little, so the worst they were: "During this incident · API: Partial outage".
 */
function componentRows(p: IncidentContext, during: boolean): { name: string; label: string | null }[] {
  const t = p.t ?? english;
  return p.components.map((c) => {
    const status = during ? c.during : c.status;
    return { name: c.name, label: status ? statusLabel(t, status) : null };
  });
}

/** The list's heading: "Affected components" now, or "Components affected during this incident" (or maintenance). */
function componentsHeading(p: IncidentContext, during: boolean): string {
  const t = p.t ?? english;
  if (!during) return t("sections.affected");
  return t(p.kind === "maintenance" ? "email.affectedDuringMaintenance" : "email.affectedDuring");
}

function componentsHtml(p: IncidentContext, o: BlockOptions): string {
  if (!p.components.length) return "";
  const t = p.t ?? english;
  const items = componentRows(p, o.during ?? false)
    .map((c) => `<li>${escapeHtml(c.name)}${c.label ? `: <span style="font-weight:600">${escapeHtml(c.label)}</span>` : ""}</li>`)
    .join("");
  return `<p style="margin:0 0 4px"><strong>${escapeHtml(componentsHeading(p, o.during ?? false))}</strong></p><ul style="margin:0 0 16px;padding-${t.dir === "rtl" ? "right" : "left"}:20px">${items}</ul>`;
}

function componentsText(p: IncidentContext, o: BlockOptions): string {
  if (!p.components.length) return "";
  const rows = componentRows(p, o.during ?? false).map((c) => `- ${c.name}${c.label ? `: ${c.label}` : ""}`);
  return `${componentsHeading(p, o.during ?? false)}:\n${rows.join("\n")}\n`;
}

export interface BlockOptions {
  /** Leave out the update's words (the closure shows its summary instead, once). */
  withoutBody?: boolean;
  /** The incident is over, or a maintenance: each component with the worst it was during it. */
  during?: boolean;
  /** Shown right after the status line (a maintenance's window). */
  afterStatus?: { html: string; text: string };
  /** Shown right after the update's words (a follow-up's commitments). */
  afterBody?: { html: string; text: string };
}

/** The update: status pill and time, its words, the components, missed updates and the timeline link. */
export function incidentBlockHtml(p: IncidentContext, o: BlockOptions = {}): string {
  const t = p.t ?? english;
  const body = o.withoutBody ? "" : `<div style="margin:0 0 16px">${renderMarkdown(p.body)}</div>`;
  return `${o.withoutBody ? "" : statusLineHtml(p)}${o.afterStatus?.html ?? ""}${body}${o.afterBody?.html ?? ""}${componentsHtml(p, o)}${missedHtml(p)}<p style="margin:0 0 16px">${link(p.incidentUrl, t("email.timeline"), p.brand?.color)}</p>`;
}

export function incidentBlockText(p: IncidentContext, o: BlockOptions = {}): string {
  const t = p.t ?? english;
  const lines = o.withoutBody
    ? []
    : [
        `${statusLabel(t, p.status)} · ${formatTime(p.postedAt, p.timeZone, t.locale)}`,
        "",
        ...(o.afterStatus?.text ? [o.afterStatus.text, ""] : []),
        markdownToText(p.body),
        "",
        ...(o.afterBody?.text ? [o.afterBody.text] : []),
      ];
  const components = componentsText(p, o);
  if (components) lines.push(components);
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
  return `<p style="margin:0 0 4px"><strong>${escapeHtml(t("email.missed"))}:</strong></p><ul style="margin:0 0 16px;padding-${t.dir === "rtl" ? "right" : "left"}:20px">${items}</ul>`;
}

/** A one-line summary of a missed update: its first sentence or line, shortened. */
function firstLine(body: string): string {
  const text = markdownToText(body).split("\n")[0] ?? "";
  return text.length > 140 ? `${text.slice(0, 137)}…` : text;
}
