import { asc, isNull } from "drizzle-orm";
import { type ComponentStatus, component } from "../../../db/schema/index.ts";
import { heldStatuses, loadHolds, TEAM } from "../../projection/index.ts";
import { type ComponentJson, componentJson, type DataDeps, requireComponent } from "./shared.ts";

/** `status` is the status set by hand; `currentStatus` is what the team sees now (the worst of every hold). */
export type ListedComponent = ComponentJson & { currentStatus: ComponentStatus };

/** Every component for the console (all visibilities), in page order. */
export async function listComponents(deps: Pick<DataDeps, "db">): Promise<ListedComponent[]> {
  const [rows, holds] = await Promise.all([
    deps.db.select().from(component).where(isNull(component.deletedAt)).orderBy(asc(component.position), asc(component.name)),
    loadHolds(deps.db, TEAM),
  ]);
  const held = heldStatuses(holds, Number.POSITIVE_INFINITY);
  return rows.map((r) => ({ ...componentJson(r), currentStatus: held.get(r.id) ?? "operational" }));
}

export async function getComponent(deps: Pick<DataDeps, "db">, id: string): Promise<ComponentJson> {
  return componentJson(await requireComponent(deps.db, id));
}
