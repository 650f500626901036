import { and, eq, isNull } from "drizzle-orm";
import { subscriber, subscription } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { ANONYMOUS } from "../../projection/index.ts";
import { recordAudit } from "../audit/record.ts";
import { type ManageChanges, subscriberState } from "./schemas.ts";
import { findSubscriberToken } from "./tokens.ts";
import { checkFollowing, setFollowing } from "./write.ts";

export interface ManageView {
  subscriberId: string;
  email: string;
  state: ReturnType<typeof subscriberState>;
  allComponents: boolean;
  components: string[];
  groups: string[];
  maintenance: boolean;
  language: string;
}

/** The subscriber a manage session token (issued after the emailed code) belongs to, or null. */
export async function manageSession(deps: Pick<Deps, "db" | "clock">, token: string): Promise<ManageView | null> {
  const row = await findSubscriberToken(deps, token, "manage");
  if (!row) return null;
  const [s] = await deps.db.select().from(subscriber).where(eq(subscriber.id, row.subscriberId));
  if (!s) return null;
  const follows = await deps.db.select().from(subscription).where(eq(subscription.subscriberId, s.id));
  return {
    subscriberId: s.id,
    email: s.target,
    state: subscriberState(s),
    allComponents: s.allComponents,
    components: follows.filter((f) => f.targetType === "component").map((f) => f.targetId),
    groups: follows.filter((f) => f.targetType === "group").map((f) => f.targetId),
    maintenance: s.maintenance,
    language: s.language,
  };
}

/** Saves new settings for the session's subscriber; null when the session is not valid. */
export async function updateSettings(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  token: string,
  changes: ManageChanges,
): Promise<ManageView | null> {
  authorize(ctx, "subscriber.manage");
  const view = await manageSession(deps, token);
  if (!view) return null;
  await checkFollowing(deps.db, ANONYMOUS, changes);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx
      .update(subscriber)
      .set({
        maintenance: changes.maintenance,
        language: changes.language,
        allComponents: !changes.components.length && !changes.groups.length,
        updatedAt: now,
      })
      .where(eq(subscriber.id, view.subscriberId));
    await setFollowing(tx, view.subscriberId, changes);
    await recordAudit(tx, deps.clock, ctx, {
      action: "subscriber.update",
      resourceType: "subscriber",
      resourceId: view.subscriberId,
      after: { ...changes },
    });
  });
  return manageSession(deps, token);
}

/** Unsubscribes the session's subscriber (audited); the one-click token does the same without a session. */
export async function unsubscribeWithSession(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, token: string): Promise<boolean> {
  authorize(ctx, "subscriber.manage");
  const view = await manageSession(deps, token);
  if (!view) return false;
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx
      .update(subscriber)
      .set({ unsubscribedAt: now, updatedAt: now })
      .where(and(eq(subscriber.id, view.subscriberId), isNull(subscriber.unsubscribedAt)));
    await recordAudit(tx, deps.clock, ctx, { action: "subscriber.unsubscribe", resourceType: "subscriber", resourceId: view.subscriberId });
  });
  return true;
}
