import { eq } from "drizzle-orm";
import { type Role, teamMember } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { assertPasswordAcceptable, hashPassword } from "../../auth/passwords.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";
import { memberView } from "./members.ts";
import type { MemberView } from "./schemas.ts";
import { Email } from "./schemas.ts";

/** Creates a member with a password directly (the admin CLI); the console invites instead. */
export async function createMemberWithPassword(
  deps: Deps,
  ctx: ServiceContext,
  input: { email: string; name: string; role: Role; password: string },
): Promise<MemberView> {
  authorize(ctx, "team.manage");
  const email = Email.parse(input.email);
  assertPasswordAcceptable(input.password, { email });
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: teamMember.id }).from(teamMember).where(eq(teamMember.email, email));
    if (existing) throw new ConflictError(`${email} is already on the team`);
    const now = deps.clock.now();
    const [row] = await tx
      .insert(teamMember)
      .values({ id: newId(), email, name: input.name, role: input.role, passwordHash, createdAt: now, updatedAt: now })
      .returning();
    if (!row) throw new Error("insert returned nothing");
    await recordAudit(tx, deps.clock, ctx, {
      action: "team.member_created",
      resourceType: "team_member",
      resourceId: row.id,
      after: { email, name: input.name, role: input.role },
    });
    return memberView(row);
  });
}
