import { and, count, eq, isNull, ne } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { apiToken, teamMember } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { can } from "../../auth/permissions.ts";
import { invalidateMemberSessions } from "../../auth/sessions.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import { memberView } from "./members.ts";
import type { MemberView, UpdateMember } from "./schemas.ts";

async function otherActiveOwners(tx: DbOrTx, memberId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(teamMember)
    .where(and(eq(teamMember.role, "owner"), isNull(teamMember.disabledAt), ne(teamMember.id, memberId)));
  return row?.n ?? 0;
}

/** Changes a member's role, name or disabled state. Admins cannot touch owners; the last owner stays. */
export async function updateMember(deps: Deps, ctx: ServiceContext, memberId: string, input: UpdateMember): Promise<MemberView> {
  authorize(ctx, "team.manage");
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(teamMember).where(eq(teamMember.id, memberId));
    if (!before) throw new NotFoundError("Team member");
    const touchesOwner = before.role === "owner" || input.role === "owner";
    if (touchesOwner && !can(ctx.actor, "team.manage_owners"))
      throw new ForbiddenError("Only an owner can change an owner or make someone an owner");
    const losesOwner = before.role === "owner" && ((input.role && input.role !== "owner") || input.disabled === true);
    if (losesOwner && (await otherActiveOwners(tx, memberId)) === 0)
      throw new ConflictError("Keep at least one active owner: make someone else owner first");
    const now = deps.clock.now();
    const disabledAt = input.disabled === undefined ? before.disabledAt : input.disabled ? (before.disabledAt ?? now) : null;
    const [after] = await tx
      .update(teamMember)
      .set({ role: input.role ?? before.role, name: input.name ?? before.name, disabledAt, updatedAt: now })
      .where(eq(teamMember.id, memberId))
      .returning();
    if (!after) throw new NotFoundError("Team member");
    if (after.disabledAt && !before.disabledAt) {
      await invalidateMemberSessions(tx, memberId);
      await tx
        .update(apiToken)
        .set({ revokedAt: now })
        .where(and(eq(apiToken.createdBy, memberId), isNull(apiToken.revokedAt)));
    }
    const changed = (k: "role" | "name" | "disabled") =>
      k === "disabled" ? (before.disabledAt !== null) !== (after.disabledAt !== null) : before[k] !== after[k];
    const keys = (["role", "name", "disabled"] as const).filter(changed);
    if (keys.length) {
      await recordAudit(tx, deps.clock, ctx, {
        action: keys.includes("role")
          ? "team.role_changed"
          : keys.includes("disabled")
            ? after.disabledAt
              ? "team.disabled"
              : "team.enabled"
            : "team.updated",
        resourceType: "team_member",
        resourceId: memberId,
        before: Object.fromEntries(keys.map((k) => [k, k === "disabled" ? before.disabledAt !== null : before[k]])),
        after: Object.fromEntries(keys.map((k) => [k, k === "disabled" ? after.disabledAt !== null : after[k]])),
      });
    }
    return memberView(after);
  });
}
