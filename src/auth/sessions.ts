import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { session, teamMember } from "../../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import type { MemberActor } from "./permissions.ts";
import { issueToken, parseToken, secretMatches } from "./secrets.ts";

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 30 * DAY;
export const SESSION_ABSOLUTE_MS = 90 * DAY;

export interface CreatedSession {
  token: string;
  id: string;
  expiresAt: Date;
}

export async function createSession(
  tx: DbOrTx,
  deps: Pick<Deps, "clock">,
  memberId: string,
  meta: { ip?: string; userAgent?: string } = {},
): Promise<CreatedSession> {
  const now = deps.clock.now();
  const issued = issueToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await tx.insert(session).values({
    id: issued.id,
    memberId,
    secretHash: Buffer.from(issued.secretHash),
    createdAt: now,
    expiresAt,
    absoluteExpiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    lastSeenAt: now,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 256) ?? null,
  });
  return { token: issued.token, id: issued.id, expiresAt };
}

export interface ValidSession {
  actor: MemberActor;
  expiresAt: Date;
  /** Set when the expiry slid forward: the cookie should be written again. */
  renewed: boolean;
}

/** Validates `<id>.<secret>`; slides the expiry past half-life, never beyond the absolute limit. */
export async function validateSession(deps: Pick<Deps, "db" | "clock">, token: string): Promise<ValidSession | null> {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const [row] = await deps.db
    .select({ s: session, m: teamMember })
    .from(session)
    .innerJoin(teamMember, eq(session.memberId, teamMember.id))
    .where(and(eq(session.id, parsed.id), isNull(teamMember.disabledAt)))
    .limit(1);
  if (!row || !secretMatches(parsed.secret, row.s.secretHash)) return null;
  const now = deps.clock.now().getTime();
  if (now >= row.s.expiresAt.getTime() || now >= row.s.absoluteExpiresAt.getTime()) {
    await deps.db.delete(session).where(eq(session.id, row.s.id));
    return null;
  }
  let expiresAt = row.s.expiresAt;
  let renewed = false;
  if (row.s.expiresAt.getTime() - now < SESSION_TTL_MS / 2) {
    expiresAt = new Date(Math.min(now + SESSION_TTL_MS, row.s.absoluteExpiresAt.getTime()));
    renewed = true;
    await deps.db
      .update(session)
      .set({ expiresAt, lastSeenAt: new Date(now) })
      .where(eq(session.id, row.s.id));
  }
  return {
    actor: {
      type: "member",
      id: row.m.id,
      email: row.m.email,
      name: row.m.name,
      role: row.m.role,
      sessionId: row.s.id,
      timeZone: row.m.timeZone,
    },
    expiresAt,
    renewed,
  };
}

export async function invalidateSession(tx: DbOrTx, sessionId: string): Promise<void> {
  await tx.delete(session).where(eq(session.id, sessionId));
}

export async function invalidateMemberSessions(tx: DbOrTx, memberId: string): Promise<void> {
  await tx.delete(session).where(eq(session.memberId, memberId));
}
