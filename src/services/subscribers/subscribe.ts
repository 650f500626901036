import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { ANONYMOUS, loadComponentTree } from "../../projection/index.ts";
import { recordAudit } from "../audit/record.ts";
import { enforceRateLimit } from "../rate-limit.ts";
import { queueSubscribeMail } from "./confirmation-mail.ts";
import type { SubscribeInput } from "./schemas.ts";
import { checkFollowing, checkIncidentFollows, findOrInsertSubscriber, startOver } from "./write.ts";

export const SUBSCRIBES_PER_IP_PER_HOUR = 20;

/**
 * Self-service subscribe with double opt-in. The answer is the same whether the address is
 * new, pending, active or hit its email limit (no account enumeration); a filled honeypot is
 * accepted and ignored. Settings of an active subscriber change only through the manage page.
 */
export async function subscribe(deps: Pick<Deps, "db" | "clock" | "env">, ctx: ServiceContext, input: SubscribeInput): Promise<void> {
  authorize(ctx, "subscriber.manage");
  if (ctx.ip)
    await enforceRateLimit(deps.db, deps.clock, `subscribe:ip:${ctx.ip}`, { limit: SUBSCRIBES_PER_IP_PER_HOUR, windowMs: 3600_000 });
  if (input.website) return;
  const following = { components: input.components, groups: input.groups };
  await checkFollowing(deps.db, ANONYMOUS, following);
  const incidents = await checkIncidentFollows(deps.db, input.incidents);
  const labels = [
    ...(incidents.length && !isChosen(following) ? [] : await followingLabels(deps, following)),
    ...incidents.map((i) => i.title),
  ];
  const allComponents = !isChosen(following) && !incidents.length;
  await deps.db.transaction(async (tx) => {
    const { row, created } = await findOrInsertSubscriber(tx, deps.clock, "email", input.email, {
      language: input.language,
      maintenance: input.maintenance,
      componentUpdates: input.componentUpdates,
      allComponents,
    });
    const reusable = created || !row.confirmedAt || row.unsubscribedAt;
    if (reusable && !row.suppressedAt) {
      await startOver(tx, deps.clock, row.id, { ...input, following, confirmedAt: null });
      if (created)
        await recordAudit(tx, deps.clock, ctx, { action: "subscriber.subscribe", resourceType: "subscriber", resourceId: row.id });
    }
    if (!row.suppressedAt)
      await queueSubscribeMail(tx, deps, { ...row, language: input.language, confirmedAt: reusable ? null : row.confirmedAt }, labels);
  });
}

const isChosen = (f: { components: string[]; groups: string[] }): boolean => f.components.length + f.groups.length > 0;

async function followingLabels(deps: Pick<Deps, "db">, following: { components: string[]; groups: string[] }): Promise<string[]> {
  // Everything: the email says so in the subscriber's language.
  if (!following.components.length && !following.groups.length) return [];
  const tree = await loadComponentTree(deps.db, ANONYMOUS);
  return [
    ...tree.groups.filter((g) => following.groups.includes(g.id)).map((g) => g.name),
    ...tree.all.filter((c) => following.components.includes(c.id)).map((c) => c.name),
  ];
}
