import type { ComponentStatus } from "../../../db/schema/index.ts";
import { ID_PATTERN } from "../../lib/ids.ts";
import { ANONYMOUS, loadComponentTree, loadIncidents, type ProjectedIncident, type Viewer, worseStatus } from "../../projection/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { getSettings } from "../settings/get.ts";
import type { PageSettings } from "../settings/schemas.ts";
import { lastVisibleChange } from "./last-change.ts";
import { inReaderLanguage } from "./reader-language.ts";

export interface IncidentPageModel {
  settings: PageSettings;
  incident: ProjectedIncident;
  /** When what this viewer sees of the incident last changed ("Updated 14:05"). */
  updatedAt: Date | null;
  /** Open and public: the page offers "Subscribe to this incident" (self-service follows only what the public sees). */
  followable: boolean;
  /** Each affected component's worst status during the incident (its updates' changes included) and its status now. */
  affected: { id: string; name: string; during: ComponentStatus; now: ComponentStatus }[];
}

/** One incident or maintenance as the viewer may see it, or null (the page answers 404). */
export async function loadIncidentPage(
  deps: DataDeps,
  viewer: Viewer,
  id: string | undefined,
  kind: "incident" | "maintenance",
  language?: string,
): Promise<IncidentPageModel | null> {
  if (!id || !ID_PATTERN.test(id)) return null;
  const [loaded] = await loadIncidents(deps.db, viewer, { ids: [id], kind });
  if (!loaded) return null;
  // Affected components show their status for this viewer now, as the component list does.
  const [settings, tree] = await Promise.all([getSettings(deps), loadComponentTree(deps.db, viewer)]);
  const [incident = loaded] = inReaderLanguage(settings, language, [loaded]);
  const current = new Map(tree.all.map((c) => [c.id, c.status]));
  const components = incident.components.map((c) => ({ ...c, status: current.get(c.id) ?? c.status }));
  const affected = incident.components.map((c) => {
    let during = c.status;
    for (const u of incident.updates) for (const a of u.affectedComponents) if (a.id === c.id) during = worseStatus(during, a.status);
    return { id: c.id, name: c.name, during, now: current.get(c.id) ?? c.status };
  });
  const open = incident.kind === "incident" && !incident.resolvedAt;
  // A personal view may show a restricted incident: offer the follow only when the public sees it too.
  const followable =
    open && (viewer.kind === "anonymous" || (await loadIncidents(deps.db, ANONYMOUS, { ids: [id], active: true })).length > 0);
  return {
    settings,
    incident: { ...incident, components },
    updatedAt: lastVisibleChange([], [incident], deps.clock.now()),
    followable,
    affected,
  };
}
