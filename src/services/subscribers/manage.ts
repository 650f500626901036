import { and, eq, isNull } from "drizzle-orm";
import { type Channel, subscriber, subscription } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { ANONYMOUS } from "../../projection/index.ts";
import { recordAudit } from "../audit/record.ts";
import { subscriberFromLink } from "./manage-code.ts";
import { type ManageChanges, subscriberState } from "./schemas.ts";
import { findSubscriberToken } from "./tokens.ts";
import { checkFollowing, setFollowing } from "./write.ts";

export interface ManageView {
  subscriberId: string;
  /** The address or URL the subscription goes to. */
  email: string;
  /** Email and chat messages are written in `language`; a webhook's payload has no words to translate. */
  channel: Channel;
  state: ReturnType<typeof subscriberState>;
  allComponents: boolean;
  components: string[];
  groups: string[];
  maintenance: boolean;
  componentUpdates: boolean;
  language: string;
}

/**
 * What proves who is managing: the signed link from any notification (it opens the settings at
 * once), or the short session issued for the code emailed to someone who came without the link.
 */
export type ManageAccess = { session: string } | { subscriberId: string; sig: string };

async function accessSubscriberId(deps: Pick<Deps, "db" | "clock">, access: ManageAccess): Promise<string | null> {
  if ("session" in access) return (await findSubscriberToken(deps, access.session, "manage"))?.subscriberId ?? null;
  return (await subscriberFromLink(deps, access.subscriberId, access.sig))?.id ?? null;
}

/** The settings the access opens, or null (bad signature, expired session, suppressed address). Reading changes nothing. */
export async function manageView(deps: Pick<Deps, "db" | "clock">, access: ManageAccess): Promise<ManageView | null> {
  const id = await accessSubscriberId(deps, access);
  if (!id) return null;
  const [s] = await deps.db.select().from(subscriber).where(eq(subscriber.id, id));
  if (!s || s.suppressedAt) return null;
  const follows = await deps.db.select().from(subscription).where(eq(subscription.subscriberId, s.id));
  return {
    subscriberId: s.id,
    email: s.target,
    channel: s.channel,
    state: subscriberState(s),
    allComponents: s.allComponents,
    components: follows.filter((f) => f.targetType === "component").map((f) => f.targetId),
    groups: follows.filter((f) => f.targetType === "group").map((f) => f.targetId),
    maintenance: s.maintenance,
    componentUpdates: s.componentUpdates,
    language: s.language,
  };
}

/** Saves new settings (a POST: a mail scanner following the link changes nothing); null when the access is not valid. */
export async function updateSettings(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  access: ManageAccess,
  changes: ManageChanges,
): Promise<ManageView | null> {
  authorize(ctx, "subscriber.manage");
  const view = await manageView(deps, access);
  if (!view) return null;
  await checkFollowing(deps.db, ANONYMOUS, changes);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx
      .update(subscriber)
      .set({
        maintenance: changes.maintenance,
        componentUpdates: changes.componentUpdates ?? view.componentUpdates,
        ...(changes.language && view.channel !== "webhook" ? { language: changes.language } : {}),
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
  return manageView(deps, access);
}

/** Unsubscribes from the settings page (audited); the one-click token does the same from the email. */
export async function unsubscribeFromManage(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, access: ManageAccess): Promise<boolean> {
  authorize(ctx, "subscriber.manage");
  const view = await manageView(deps, access);
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
