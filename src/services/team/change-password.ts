import { eq } from "drizzle-orm";
import { teamMember } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { assertPasswordAcceptable, hashPassword, verifyPassword } from "../../auth/passwords.ts";
import { type CreatedSession, createSession, invalidateMemberSessions } from "../../auth/sessions.ts";
import type { Deps } from "../../deps.ts";
import { AppError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import type { ChangePassword } from "./schemas.ts";

/** Changes the caller's password; every session ends and a fresh one is returned. */
export async function changePassword(
  deps: Deps,
  ctx: ServiceContext,
  input: ChangePassword,
  meta: { userAgent?: string } = {},
): Promise<CreatedSession> {
  authorize(ctx, "console.read");
  if (ctx.actor.type !== "member") throw new AppError("forbidden", "Only a signed-in member can change a password");
  const memberId = ctx.actor.id;
  const [member] = await deps.db.select().from(teamMember).where(eq(teamMember.id, memberId));
  if (!member) throw new NotFoundError("Team member");
  if (!member.passwordHash || !(await verifyPassword(member.passwordHash, input.currentPassword))) {
    throw new ValidationError("The current password is not right", [
      { path: "currentPassword", message: "The current password is not right" },
    ]);
  }
  assertPasswordAcceptable(input.newPassword, member, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  return deps.db.transaction(async (tx) => {
    await tx.update(teamMember).set({ passwordHash, updatedAt: deps.clock.now() }).where(eq(teamMember.id, memberId));
    await invalidateMemberSessions(tx, memberId);
    const session = await createSession(tx, deps, memberId, { ip: ctx.ip, userAgent: meta.userAgent });
    await recordAudit(tx, deps.clock, ctx, { action: "auth.password_changed", resourceType: "team_member", resourceId: memberId });
    return session;
  });
}

/** The CLI's reset: sets a password without the old one and ends every session. */
export async function resetPassword(deps: Deps, ctx: ServiceContext, email: string, password: string): Promise<void> {
  authorize(ctx, "team.manage");
  const [member] = await deps.db.select().from(teamMember).where(eq(teamMember.email, email.toLowerCase()));
  if (!member) throw new NotFoundError(`Team member ${email}`);
  assertPasswordAcceptable(password, member);
  const passwordHash = await hashPassword(password);
  await deps.db.transaction(async (tx) => {
    await tx.update(teamMember).set({ passwordHash, updatedAt: deps.clock.now() }).where(eq(teamMember.id, member.id));
    await invalidateMemberSessions(tx, member.id);
    await recordAudit(tx, deps.clock, ctx, { action: "auth.password_reset", resourceType: "team_member", resourceId: member.id });
  });
}
