import { asc } from "drizzle-orm";
import { component } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";

/** Components a runbook can be written for (the console's select). */
export async function listComponentsForTeam(deps: Pick<Deps, "db">): Promise<{ id: string; name: string }[]> {
  return deps.db.select({ id: component.id, name: component.name }).from(component).orderBy(asc(component.name));
}
