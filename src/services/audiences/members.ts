import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { bumpContentVersion } from "../../../db/content-version.ts";
import { audience, audienceMember, subscriber } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import type { AudienceMemberInput } from "./schemas.ts";

async function findTargets(tx: DbOrTx, slug: string, input: AudienceMemberInput) {
  const [a] = await tx.select().from(audience).where(eq(audience.slug, slug));
  if (!a) throw new NotFoundError(`Audience ${slug}`);
  if (a.kind === "builtin") throw new ConflictError(`The built-in audience "${slug}" has no explicit members`);
  const where = input.subscriberId
    ? eq(subscriber.id, input.subscriberId)
    : and(eq(subscriber.channel, "email"), eq(subscriber.target, input.email ?? ""));
  const [s] = await tx.select().from(subscriber).where(where);
  const field = input.subscriberId ? "subscriberId" : "email";
  if (!s) throw new ValidationError("No such subscriber", [{ path: field, message: "no subscriber with this address or id" }]);
  return { a, s };
}

/** Explicit membership links an existing subscriber to an audience. */
export async function addAudienceMember(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, slug: string, input: AudienceMemberInput) {
  authorize(ctx, "audience.manage");
  return deps.db.transaction(async (tx) => {
    const { a, s } = await findTargets(tx, slug, input);
    await tx.insert(audienceMember).values({ audienceId: a.id, subscriberId: s.id }).onConflictDoNothing();
    await recordAudit(tx, deps.clock, ctx, {
      action: "audience.member_add",
      resourceType: "audience",
      resourceId: a.id,
      after: { subscriberId: s.id },
    });
    await bumpContentVersion(tx, deps.clock);
    return { audience: a.slug, subscriberId: s.id };
  });
}

export async function removeAudienceMember(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  slug: string,
  input: AudienceMemberInput,
) {
  authorize(ctx, "audience.manage");
  await deps.db.transaction(async (tx) => {
    const { a, s } = await findTargets(tx, slug, input);
    await tx.delete(audienceMember).where(and(eq(audienceMember.audienceId, a.id), eq(audienceMember.subscriberId, s.id)));
    await recordAudit(tx, deps.clock, ctx, {
      action: "audience.member_remove",
      resourceType: "audience",
      resourceId: a.id,
      before: { subscriberId: s.id },
    });
    await bumpContentVersion(tx, deps.clock);
  });
}
