import { asc, isNull } from "drizzle-orm";
import { componentGroup } from "../../../db/schema/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { type GroupJson, groupJson, requireGroupRow } from "./shared.ts";

export async function listGroups(deps: Pick<DataDeps, "db">): Promise<GroupJson[]> {
  const rows = await deps.db
    .select()
    .from(componentGroup)
    .where(isNull(componentGroup.deletedAt))
    .orderBy(asc(componentGroup.position), asc(componentGroup.name));
  return rows.map(groupJson);
}

export async function getGroup(deps: Pick<DataDeps, "db">, id: string): Promise<GroupJson> {
  return groupJson(await requireGroupRow(deps.db, id));
}
