import { count } from "drizzle-orm";
import { teamMember } from "../../../db/schema/index.ts";
import { assertPasswordAcceptable, hashPassword } from "../../auth/passwords.ts";
import type { MemberActor } from "../../auth/permissions.ts";
import { type CreatedSession, createSession } from "../../auth/sessions.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";
import type { SetupOwner } from "../team/schemas.ts";
import type { LoginMeta } from "./login.ts";

export async function teamIsEmpty(deps: Pick<Deps, "db">): Promise<boolean> {
  const [row] = await deps.db.select({ n: count() }).from(teamMember);
  return (row?.n ?? 0) === 0;
}

/** Creates the first owner; closed for good once any team member exists (checked inside the write lock). */
export async function setupOwner(
  deps: Deps,
  input: SetupOwner,
  meta: LoginMeta & { via?: string } = {},
): Promise<{ actor: MemberActor; session: CreatedSession }> {
  assertPasswordAcceptable(input.password, input);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select({ n: count() }).from(teamMember);
    if ((row?.n ?? 0) > 0) throw new ConflictError("Setup is already done; sign in instead");
    const now = deps.clock.now();
    const id = newId();
    await tx
      .insert(teamMember)
      .values({ id, email: input.email, name: input.name, role: "owner", passwordHash, createdAt: now, updatedAt: now });
    const session = await createSession(tx, deps, id, meta);
    const actor: MemberActor = { type: "member", id, email: input.email, name: input.name, role: "owner", sessionId: session.id };
    await recordAudit(
      tx,
      deps.clock,
      { actor, requestId: meta.requestId, ip: meta.ip },
      {
        action: "team.setup_owner",
        resourceType: "team_member",
        resourceId: id,
        after: { email: input.email, name: input.name, role: "owner", via: meta.via ?? "setup page" },
      },
    );
    return { actor, session };
  });
}

/** Headless first run: CLARION_ADMIN_EMAIL + CLARION_ADMIN_PASSWORD create the owner when the team is empty. */
export async function ensureInitialOwner(deps: Deps): Promise<boolean> {
  const { CLARION_ADMIN_EMAIL: email, CLARION_ADMIN_PASSWORD: password, CLARION_ADMIN_NAME: name } = deps.env;
  if (!email || !password || !(await teamIsEmpty(deps))) return false;
  try {
    await setupOwner(deps, { email: email.toLowerCase(), name, password }, { via: "environment" });
    deps.logger.info("created the first owner from the environment", { email });
    return true;
  } catch (err) {
    if (err instanceof ConflictError) return false;
    throw err;
  }
}
