import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { template } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError, ValidationError } from "../../lib/errors.ts";

export type Template = typeof template.$inferSelect;

export async function listTemplates(deps: Pick<Deps, "db">, kind?: Template["kind"]): Promise<Template[]> {
  const q = deps.db.select().from(template);
  return (kind ? q.where(eq(template.kind, kind)) : q).orderBy(asc(template.kind), asc(template.name));
}

export async function getTemplate(deps: Pick<Deps, "db">, id: string): Promise<Template> {
  const [row] = await deps.db.select().from(template).where(eq(template.id, id));
  if (!row) throw new NotFoundError(`Template ${id}`);
  return row;
}

/** For services: a template of the expected kind, or a 400 naming the field. */
export async function requireTemplate(db: DbOrTx, id: string, kind: Template["kind"], path: string): Promise<Template> {
  const [row] = await db.select().from(template).where(eq(template.id, id));
  if (!row || row.kind !== kind)
    throw new ValidationError(`No ${kind} template with this id`, [{ path, message: `no ${kind} template with this id` }]);
  return row;
}
