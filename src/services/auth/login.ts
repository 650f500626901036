import { eq } from "drizzle-orm";
import { teamMember } from "../../../db/schema/index.ts";
import { burnVerifyTime, verifyPassword } from "../../auth/passwords.ts";
import type { MemberActor } from "../../auth/permissions.ts";
import { type CreatedSession, createSession } from "../../auth/sessions.ts";
import type { Deps } from "../../deps.ts";
import { AppError, RateLimitError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import type { Login } from "../team/schemas.ts";
import { clearFailures, forgiveAttempt, recordFailure, throttleKeys, throttleWait } from "./throttle.ts";

export interface LoginMeta {
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

export const LOGIN_FAILED = "The email or password is incorrect";

/**
 * Signs a member in. Unknown email and wrong password answer the same, after the same
 * work. Each attempt is counted before the password is checked, in one write, so parallel
 * guesses cannot slip past the throttle; a success takes its count back.
 */
export async function login(deps: Deps, input: Login, meta: LoginMeta = {}): Promise<{ actor: MemberActor; session: CreatedSession }> {
  const keys = throttleKeys(input.email, meta.ip);
  await deps.db.transaction(async (tx) => {
    const wait = await throttleWait(tx, deps.clock, [keys.account, ...(keys.ip ? [keys.ip] : [])]);
    if (wait > 0) throw new RateLimitError(wait / 1000);
    await recordFailure(tx, deps.clock, keys.account, "account");
    if (keys.ip) await recordFailure(tx, deps.clock, keys.ip, "ip");
  });

  const [member] = await deps.db.select().from(teamMember).where(eq(teamMember.email, input.email)).limit(1);
  let ok = false;
  if (member?.passwordHash && !member.disabledAt) ok = await verifyPassword(member.passwordHash, input.password);
  else await burnVerifyTime(input.password);
  const anonymous = { actor: { type: "system" as const, id: null, name: "login" }, requestId: meta.requestId, ip: meta.ip };

  if (!ok || !member) {
    await recordAudit(deps.db, deps.clock, anonymous, {
      action: "auth.login_failed",
      resourceType: "team_member",
      resourceId: member?.id ?? null,
      after: { email: input.email },
    });
    throw new AppError("unauthorized", LOGIN_FAILED);
  }

  const actor: MemberActor = { type: "member", id: member.id, email: member.email, name: member.name, role: member.role, sessionId: null };
  const session = await deps.db.transaction(async (tx) => {
    await clearFailures(tx, keys.account);
    if (keys.ip) await forgiveAttempt(tx, keys.ip, "ip");
    const created = await createSession(tx, deps, member.id, meta);
    await recordAudit(
      tx,
      deps.clock,
      { actor, requestId: meta.requestId, ip: meta.ip },
      { action: "auth.login", resourceType: "session", resourceId: created.id },
    );
    return created;
  });
  return { actor: { ...actor, sessionId: session.id }, session };
}
