import type { Translator } from "../../i18n/index.ts";
import { escapeHtml } from "../../lib/html.ts";
import type { HistoryDay } from "../../services/public/uptime.ts";
import { formatDay, STATUS_CLASS } from "./format.ts";

function label(d: HistoryDay, t: Translator): string {
  if (d.status === "none") return `${formatDay(d.date, t.locale)}: ${t("history.noData")}`;
  if (d.incidents.length)
    return `${formatDay(d.date, t.locale)}: ${t(`status.${d.status}`)} — ${d.incidents.map((i) => i.title).join("; ")}`;
  return `${formatDay(d.date, t.locale)}: ${d.status === "operational" ? t("history.noIncidents") : t(`status.${d.status}`)}`;
}

/**
 * The 90 cells of one bar as one string: ~2,700 cells per page are the hot part of rendering
 * `/`, and building them here is several times faster than one Astro element each.
 */
export function historyCells(days: readonly HistoryDay[], t: Translator): string {
  let html = "";
  for (const d of days) html += `<i role="img" class="${STATUS_CLASS[d.status]}" title="${escapeHtml(label(d, t))}"></i>`;
  return html;
}
