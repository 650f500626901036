import { asc } from "drizzle-orm";
import { teamMember } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import type { MemberView } from "./schemas.ts";

export function memberView(m: typeof teamMember.$inferSelect): MemberView {
  return { id: m.id, email: m.email, name: m.name, role: m.role, disabled: m.disabledAt !== null, createdAt: m.createdAt.toISOString() };
}

export async function listMembers(deps: Pick<Deps, "db">): Promise<MemberView[]> {
  const rows = await deps.db.select().from(teamMember).orderBy(asc(teamMember.createdAt));
  return rows.map(memberView);
}
