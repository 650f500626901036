import type { ServiceContext } from "../../auth/context.ts";
import { invalidateSession } from "../../auth/sessions.ts";
import type { Deps } from "../../deps.ts";
import { recordAudit } from "../audit/record.ts";

/** Ends the caller's own session. */
export async function logout(deps: Deps, ctx: ServiceContext): Promise<void> {
  if (ctx.actor.type !== "member" || !ctx.actor.sessionId) return;
  const sessionId = ctx.actor.sessionId;
  await deps.db.transaction(async (tx) => {
    await invalidateSession(tx, sessionId);
    await recordAudit(tx, deps.clock, ctx, { action: "auth.logout", resourceType: "session", resourceId: sessionId });
  });
}
