import type { ComponentStatus } from "../../../db/schema/index.ts";
import { t as english, translator } from "../../i18n/index.ts";
import { escapeXml } from "../../lib/xml.ts";
import { loadComponentTree, loadIncidents, overallStatus, type Viewer } from "../../projection/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { getSettings } from "../settings/get.ts";
import { overallLabel } from "./overall-label.ts";

const COLOURS: Record<ComponentStatus | "empty", string> = {
  operational: "#1a7f37",
  degraded_performance: "#9a6700",
  partial_outage: "#bc4c00",
  major_outage: "#cf222e",
  under_maintenance: "#0969da",
  empty: "#57606a",
};

/**
 * A shields-style SVG badge: the page's overall status (as the banner words it) or one component's.
 * Null when `componentId` names no component this viewer may see (the route answers 404 with `unknownComponentBadge`).
 */
export async function statusBadge(
  deps: DataDeps,
  viewer: Viewer,
  componentId: string | null,
  lang: string | null = null,
): Promise<string | null> {
  const tree = await loadComponentTree(deps.db, viewer);
  const component = componentId ? tree.all.find((c) => c.id === componentId) : undefined;
  if (componentId && !component) return null;
  const t = translator(lang ?? (await getSettings(deps)).defaultLanguage);
  let label = t("badge.label");
  let tone: ComponentStatus | "empty";
  let value: string;
  if (component) {
    label = component.name;
    tone = component.status;
    value = t(`status.${component.status}`);
  } else {
    const overall = overallStatus(tree.all, await loadIncidents(deps.db, viewer, { active: true, kind: "incident", limit: 200 }));
    tone = overall.tone;
    value = overallLabel(overall, t);
  }
  return badgeSvg(label, value, COLOURS[tone]);
}

/** The badge for a component id that does not exist (or is not public): readable where the image was meant to be. */
export function unknownComponentBadge(t = english): string {
  return badgeSvg(t("badge.label"), t("badge.unknown"), COLOURS.empty);
}

function badgeSvg(label: string, value: string, colour: string): string {
  const w = (s: string) => Math.round(s.length * 6.6 + 12);
  const lw = w(label);
  const vw = w(value);
  const text = `${label}: ${value}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + vw}" height="20" role="img" aria-label="${escapeXml(text)}"><title>${escapeXml(text)}</title><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${colour}"/><g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle"><text x="${lw / 2}" y="14">${escapeXml(label)}</text><text x="${lw + vw / 2}" y="14">${escapeXml(value)}</text></g></svg>`;
}
