import { and, desc, eq } from "drizzle-orm";
import { session } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";

export interface SessionView {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

export async function listOwnSessions(deps: Deps, ctx: ServiceContext): Promise<SessionView[]> {
  if (ctx.actor.type !== "member") return [];
  const rows = await deps.db.select().from(session).where(eq(session.memberId, ctx.actor.id)).orderBy(desc(session.lastSeenAt));
  const current = ctx.actor.sessionId;
  return rows.map((s) => ({
    id: s.id,
    current: s.id === current,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    ip: s.ip,
    userAgent: s.userAgent,
  }));
}

export async function revokeOwnSession(deps: Deps, ctx: ServiceContext, sessionId: string): Promise<void> {
  authorize(ctx, "console.read");
  if (ctx.actor.type !== "member") throw new NotFoundError("Session");
  const memberId = ctx.actor.id;
  await deps.db.transaction(async (tx) => {
    const deleted = await tx
      .delete(session)
      .where(and(eq(session.id, sessionId), eq(session.memberId, memberId)))
      .returning({ id: session.id });
    if (!deleted.length) throw new NotFoundError("Session");
    await recordAudit(tx, deps.clock, ctx, { action: "auth.session_revoked", resourceType: "session", resourceId: sessionId });
  });
}
