import type { Translator } from "../../i18n/index.ts";
import { escapeHtml } from "../../lib/html.ts";
import type { HistoryDay } from "../../services/public/uptime.ts";
import { formatDay, STATUS_CLASS } from "./format.ts";

/** "2 Mar 2026: Partial outage — Elevated error rates": one day, in words (a cell's title and link name). */
export function dayLabel(d: HistoryDay, t: Translator): string {
  const day = formatDay(d.date, t.locale);
  if (d.status === "none") return `${day}: ${t("history.noData")}`;
  if (d.incidents.length) return `${day}: ${t(`status.${d.status}`)} — ${d.incidents.map((i) => i.title).join("; ")}`;
  return `${day}: ${d.status === "operational" ? t("history.noIncidents") : t(`status.${d.status}`)}`;
}

/** A day worth a look: something other than "operational" or "no data", or an incident that touched it. */
export function isNotable(d: HistoryDay): boolean {
  return d.incidents.length > 0 || (d.status !== "operational" && d.status !== "none");
}

/** The anchor of a day on the component page: `/components/<id>#d2026-03-02`. */
export function dayAnchor(date: string): string {
  return `d${date}`;
}

/**
 * Which third of a 90-day bar a day falls in: narrow screens hide the oldest thirds (CSS `.bar .a`, `.bar .b`),
 * so a run never crosses a third's edge.
 */
function third(index: number, total: number): string {
  const fromEnd = total - index;
  return fromEnd > 60 ? " a" : fromEnd > 30 ? " b" : "";
}

/**
 * One component's bar on `/`, as one string inside a link to the component page's days: quiet days merge
 * into runs (`<i class="o s12">`, a flex span) and each notable day keeps its words as a `title`. The bar is
 * one target, not 30–90 slivers a finger cannot hit; each day is a control of its own on the component page.
 */
export function compactBar(days: readonly HistoryDay[], t: Translator): string {
  let html = "";
  let run = 0;
  let runClass = "";
  const flush = () => {
    if (run) html += `<i class="${runClass}${run > 1 ? ` s${run}` : ""}"></i>`;
    run = 0;
  };
  days.forEach((d, i) => {
    const cls = `${STATUS_CLASS[d.status]}${third(i, days.length)}`;
    if (isNotable(d)) {
      flush();
      html += `<i class="${cls}" title="${escapeHtml(dayLabel(d, t))}"></i>`;
      return;
    }
    if (cls !== runClass) flush();
    runClass = cls;
    run++;
  });
  flush();
  return html;
}

const STATUS_VAR: Record<HistoryDay["status"], string> = {
  operational: "--ok",
  degraded_performance: "--deg",
  partial_outage: "--part",
  major_outage: "--maj",
  under_maintenance: "--mnt",
  none: "--nd",
};

/**
 * A group's bar as one CSS gradient (one element, not 90): a picture whose words are the group's
 * `aria-label`; its components' bars carry the details and links. Narrow screens show its last
 * 30 or 60 days by scaling it (CSS `.gbar`).
 */
export function statusGradient(days: readonly HistoryDay[]): string {
  const stops: string[] = [];
  const pct = (i: number) => `${Math.round((i / days.length) * 10000) / 100}%`;
  let from = 0;
  days.forEach((d, i) => {
    const next = days[i + 1];
    if (next && next.status === d.status) return;
    stops.push(`var(${STATUS_VAR[d.status]}) ${pct(from)} ${pct(i + 1)}`);
    from = i + 1;
  });
  return `background-image:linear-gradient(90deg,${stops.join(",")})`;
}

/**
 * The component page's days as a calendar: one column per week (Monday on top), every day its own cell of
 * about 24 px, so each is a target a finger can hit; notable days link to their entry below (no script needed).
 */
export function calendarDays(days: readonly HistoryDay[], t: Translator): string {
  let html = "";
  days.forEach((d, i) => {
    const cls = STATUS_CLASS[d.status];
    const title = escapeHtml(dayLabel(d, t));
    const row = i === 0 ? ` style="grid-row-start:${((new Date(`${d.date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1}"` : "";
    html += isNotable(d)
      ? `<a class="${cls}"${row} href="#${dayAnchor(d.date)}" title="${title}"></a>`
      : `<i class="${cls}"${row} title="${title}"></i>`;
  });
  return html;
}

/** The one sentence a screen reader hears for a bar: uptime (a component's, not a group's) and how many days had something. */
export function barSummary(name: string, days: readonly HistoryDay[], uptime: number | "new" | null, t: Translator): string {
  const notable = days.filter(isNotable).length;
  const count =
    notable === 0 ? t("history.summaryNone") : `${notable} ${notable === 1 ? t("history.summaryDay") : t("history.summaryDays")}`;
  return `${name}, ${t("history.summaryWindow")}: ${uptime === null ? "" : `${formatUptime(uptime, t)}; `}${count}`;
}

export function formatUptime(uptime: number | "new", t: Translator): string {
  return uptime === "new" ? t("uptime.new") : t("uptime.label", { percent: t.percent(uptime, uptime >= 99.995 ? 0 : 2) });
}
