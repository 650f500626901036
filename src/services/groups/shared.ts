import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { componentGroup } from "../../../db/schema/index.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { parseVisibility, type Visibility } from "../../projection/index.ts";

export interface GroupJson {
  id: string;
  name: string;
  description: string | null;
  position: number;
  visibility: Visibility;
  createdAt: string;
  updatedAt: string;
}

export function groupJson(row: typeof componentGroup.$inferSelect): GroupJson {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    position: row.position,
    visibility: parseVisibility(row.visibility),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function requireGroupRow(db: DbOrTx, id: string): Promise<typeof componentGroup.$inferSelect> {
  const [row] = await db
    .select()
    .from(componentGroup)
    .where(and(eq(componentGroup.id, id), isNull(componentGroup.deletedAt)));
  if (!row) throw new NotFoundError("Component group");
  return row;
}
