import { ID_PATTERN } from "../../lib/ids.ts";
import { loadIncidents, type ProjectedIncident, type Viewer } from "../../projection/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { getSettings } from "../settings/get.ts";
import type { PageSettings } from "../settings/schemas.ts";

export interface IncidentPageModel {
  settings: PageSettings;
  incident: ProjectedIncident;
}

/** One incident or maintenance as the viewer may see it, or null (the page answers 404). */
export async function loadIncidentPage(
  deps: DataDeps,
  viewer: Viewer,
  id: string | undefined,
  kind: "incident" | "maintenance",
): Promise<IncidentPageModel | null> {
  if (!id || !ID_PATTERN.test(id)) return null;
  const [incident] = await loadIncidents(deps.db, viewer, { ids: [id], kind });
  if (!incident) return null;
  return { settings: await getSettings(deps), incident };
}
