import { eq } from "drizzle-orm";
import { teamMember } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { AppError, NotFoundError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import type { SetTimeZone } from "./schemas.ts";

/** Sets (or, with null, clears) the time zone the console shows and reads the caller's times in. */
export async function setOwnTimeZone(deps: Deps, ctx: ServiceContext, input: SetTimeZone): Promise<{ timeZone: string | null }> {
  authorize(ctx, "console.read");
  if (ctx.actor.type !== "member") throw new AppError("forbidden", "Only a signed-in member has a console time zone");
  const memberId = ctx.actor.id;
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(teamMember)
      .set({ timeZone: input.timeZone, updatedAt: deps.clock.now() })
      .where(eq(teamMember.id, memberId))
      .returning({ timeZone: teamMember.timeZone });
    if (!row) throw new NotFoundError("Team member");
    await recordAudit(tx, deps.clock, ctx, {
      action: "team.time_zone_set",
      resourceType: "team_member",
      resourceId: memberId,
      after: { timeZone: input.timeZone },
    });
    return row;
  });
}
