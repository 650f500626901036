import { apiToken, type Role, type Scope, teamMember } from "../../db/schema/index.ts";
import { API_TOKEN_PREFIX } from "../../src/auth/api-tokens.ts";
import type { ServiceContext } from "../../src/auth/context.ts";
import { SESSION_COOKIE } from "../../src/auth/cookies.ts";
import type { MemberActor } from "../../src/auth/permissions.ts";
import { issueToken } from "../../src/auth/secrets.ts";
import { createSession } from "../../src/auth/sessions.ts";
import type { Deps } from "../../src/deps.ts";
import { newId } from "../../src/lib/ids.ts";

export interface TestMember {
  actor: MemberActor;
  ctx: ServiceContext;
  /** Headers for a same-origin console request with this member's session cookie. */
  cookieHeaders: Record<string, string>;
}

/** Inserts a team member with a session (no password needed) for route and service tests. */
export async function createMember(deps: Deps, role: Role, email = `${role}-${newId()}@example.com`): Promise<TestMember> {
  const id = newId();
  const now = deps.clock.now();
  await deps.db.insert(teamMember).values({ id, email, name: `${role} person`, role, createdAt: now, updatedAt: now });
  const session = await createSession(deps.db, deps, id);
  const actor: MemberActor = { type: "member", id, email, name: `${role} person`, role, sessionId: session.id };
  return {
    actor,
    ctx: { actor, requestId: "test" },
    cookieHeaders: { cookie: `${SESSION_COOKIE}=${session.token}`, origin: "http://localhost", "sec-fetch-site": "same-origin" },
  };
}

/** Inserts an API token with the given scopes; returns the Authorization header. */
export async function createToken(deps: Deps, scopes: Scope[]): Promise<{ id: string; headers: Record<string, string> }> {
  const issued = issueToken(API_TOKEN_PREFIX);
  await deps.db.insert(apiToken).values({
    id: issued.id,
    name: `test ${scopes.join("+")}`,
    scopes,
    secretHash: Buffer.from(issued.secretHash),
    createdAt: deps.clock.now(),
  });
  return { id: issued.id, headers: { authorization: `Bearer ${issued.token}` } };
}
