import { asc, isNull } from "drizzle-orm";
import { component } from "../../../db/schema/index.ts";
import { type ComponentJson, componentJson, type DataDeps, requireComponent } from "./shared.ts";

/** Every component for the console (all visibilities), in page order. */
export async function listComponents(deps: Pick<DataDeps, "db">): Promise<ComponentJson[]> {
  const rows = await deps.db
    .select()
    .from(component)
    .where(isNull(component.deletedAt))
    .orderBy(asc(component.position), asc(component.name));
  return rows.map(componentJson);
}

export async function getComponent(deps: Pick<DataDeps, "db">, id: string): Promise<ComponentJson> {
  return componentJson(await requireComponent(deps.db, id));
}
