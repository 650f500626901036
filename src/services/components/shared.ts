import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { component, componentGroup } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError, ValidationError } from "../../lib/errors.ts";
import { parseVisibility, type Visibility } from "../../projection/index.ts";

export type DataDeps = Pick<Deps, "db" | "clock">;

export interface ComponentJson {
  id: string;
  name: string;
  description: string | null;
  groupId: string | null;
  position: number;
  status: (typeof component.$inferSelect)["status"];
  visibility: Visibility;
  createdAt: string;
  updatedAt: string;
}

export function componentJson(row: typeof component.$inferSelect): ComponentJson {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    groupId: row.groupId,
    position: row.position,
    status: row.status,
    visibility: parseVisibility(row.visibility),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Components and groups store visibility by the same rule as incidents. */
export { storedVisibility } from "../../projection/index.ts";

export async function requireGroup(db: DbOrTx, id: string): Promise<void> {
  const [row] = await db
    .select({ id: componentGroup.id })
    .from(componentGroup)
    .where(and(eq(componentGroup.id, id), isNull(componentGroup.deletedAt)));
  if (!row) throw new ValidationError("Unknown group", [{ path: "groupId", message: "no such group" }]);
}

export async function requireComponent(db: DbOrTx, id: string): Promise<typeof component.$inferSelect> {
  const [row] = await db
    .select()
    .from(component)
    .where(and(eq(component.id, id), isNull(component.deletedAt)));
  if (!row) throw new NotFoundError("Component");
  return row;
}
