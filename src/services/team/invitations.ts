import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { invitation, teamMember } from "../../../db/schema/index.ts";
import { renderInvitationEmail } from "../../../emails/invitation.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { assertPasswordAcceptable, hashPassword } from "../../auth/passwords.ts";
import { can, type MemberActor, memberIdOf } from "../../auth/permissions.ts";
import { issueToken, parseToken, secretMatches } from "../../auth/secrets.ts";
import { type CreatedSession, createSession } from "../../auth/sessions.ts";
import type { Deps } from "../../deps.ts";
import { AppError, ConflictError, ForbiddenError, NotFoundError } from "../../lib/errors.ts";
import { baseUrl } from "../../lib/urls.ts";
import { enqueueEmail } from "../../notify/outbox.ts";
import { recordAudit } from "../audit/record.ts";
import { INVITATION_ROLE_TAG } from "../mailbox/redact.ts";
import { pageName } from "../settings/page-name.ts";
import type { AcceptInvitation, InviteMember } from "./schemas.ts";

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export interface InvitationView {
  id: string;
  email: string;
  role: string;
  createdAt: string;
  expiresAt: string;
}

/** Invites someone by email: a one-time link (hashed token, 7 days) sent through the outbox. */
export async function inviteMember(deps: Deps, ctx: ServiceContext, input: InviteMember): Promise<InvitationView> {
  authorize(ctx, "team.manage");
  if (input.role === "owner" && !can(ctx.actor, "team.manage_owners")) throw new ForbiddenError("Only an owner can invite an owner");
  const issued = issueToken();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  return deps.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: teamMember.id }).from(teamMember).where(eq(teamMember.email, input.email));
    if (existing) throw new ConflictError(`${input.email} is already on the team`);
    await tx
      .update(invitation)
      .set({ revokedAt: now })
      .where(and(eq(invitation.email, input.email), isNull(invitation.acceptedAt), isNull(invitation.revokedAt)));
    await tx.insert(invitation).values({
      id: issued.id,
      email: input.email,
      name: input.name ?? null,
      role: input.role,
      secretHash: Buffer.from(issued.secretHash),
      invitedBy: memberIdOf(ctx.actor),
      createdAt: now,
      expiresAt,
    });
    const mail = renderInvitationEmail({
      pageName: await pageName(tx),
      inviterName: ctx.actor.name,
      role: input.role,
      acceptUrl: `${baseUrl(deps.env)}/admin/invite/${encodeURIComponent(issued.token)}`,
      expiresInDays: INVITATION_TTL_MS / 86_400_000,
    });
    await enqueueEmail(tx, deps.clock, "invitation", { to: input.email, ...mail, tags: { [INVITATION_ROLE_TAG]: input.role } });
    await recordAudit(tx, deps.clock, ctx, {
      action: "team.invited",
      resourceType: "invitation",
      resourceId: issued.id,
      after: { email: input.email, role: input.role },
    });
    return { id: issued.id, email: input.email, role: input.role, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() };
  });
}

export async function listInvitations(deps: Deps): Promise<InvitationView[]> {
  const rows = await deps.db
    .select()
    .from(invitation)
    .where(and(isNull(invitation.acceptedAt), isNull(invitation.revokedAt), gt(invitation.expiresAt, deps.clock.now())))
    .orderBy(desc(invitation.createdAt));
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  }));
}

export async function revokeInvitation(deps: Deps, ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, "team.manage");
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitation)
      .set({ revokedAt: deps.clock.now() })
      .where(and(eq(invitation.id, id), isNull(invitation.acceptedAt), isNull(invitation.revokedAt)))
      .returning();
    if (!row) throw new NotFoundError("Open invitation");
    await recordAudit(tx, deps.clock, ctx, {
      action: "team.invitation_revoked",
      resourceType: "invitation",
      resourceId: id,
      before: { email: row.email, role: row.role },
    });
  });
}

/** Looks up a still-valid invitation by its token (for the accept page). */
export async function findInvitation(deps: Deps, token: string): Promise<{ email: string; role: string; name: string | null } | null> {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const [row] = await deps.db.select().from(invitation).where(eq(invitation.id, parsed.id));
  if (!row || !secretMatches(parsed.secret, row.secretHash) || row.acceptedAt || row.revokedAt || row.expiresAt <= deps.clock.now())
    return null;
  return { email: row.email, role: row.role, name: row.name };
}

/** The invitee sets a name and password; the invitation is used up and they are signed in. */
export async function acceptInvitation(
  deps: Deps,
  input: AcceptInvitation,
  meta: { ip?: string; userAgent?: string; requestId?: string } = {},
): Promise<{ actor: MemberActor; session: CreatedSession }> {
  const found = await findInvitation(deps, input.token);
  if (!found) throw new AppError("gone", "This invitation link is invalid, used or expired; ask for a new one");
  assertPasswordAcceptable(input.password, { email: found.email, name: input.name });
  const passwordHash = await hashPassword(input.password);
  const parsed = parseToken(input.token) as { id: string };
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const used = await tx
      .update(invitation)
      .set({ acceptedAt: now })
      .where(and(eq(invitation.id, parsed.id), isNull(invitation.acceptedAt), isNull(invitation.revokedAt)))
      .returning();
    const inv = used[0];
    if (!inv) throw new AppError("gone", "This invitation was used already");
    const [existing] = await tx.select({ id: teamMember.id }).from(teamMember).where(eq(teamMember.email, inv.email));
    if (existing) throw new ConflictError(`${inv.email} is already on the team; sign in instead`);
    const id = parsed.id;
    await tx
      .insert(teamMember)
      .values({ id, email: inv.email, name: input.name, role: inv.role, passwordHash, createdAt: now, updatedAt: now });
    const session = await createSession(tx, deps, id, meta);
    const actor: MemberActor = { type: "member", id, email: inv.email, name: input.name, role: inv.role, sessionId: session.id };
    await recordAudit(
      tx,
      deps.clock,
      { actor, requestId: meta.requestId, ip: meta.ip },
      { action: "team.invitation_accepted", resourceType: "team_member", resourceId: id, after: { email: inv.email, role: inv.role } },
    );
    return { actor, session };
  });
}
