import { and, count, countDistinct, eq, inArray } from "drizzle-orm";
import { delivery, feedback } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import type { DeliveryCounts, FeedbackVote } from "./metrics.ts";

/** Deliveries by state, distinct subscribers reached, and every vote on one incident. */
export async function loadReach(
  deps: Pick<Deps, "db">,
  incidentId: string,
): Promise<{ deliveries: DeliveryCounts; subscribersReached: number; votes: FeedbackVote[] }> {
  const byState = await deps.db
    .select({ state: delivery.state, n: count() })
    .from(delivery)
    .where(eq(delivery.incidentId, incidentId))
    .groupBy(delivery.state);
  const [reached] = await deps.db
    .select({ n: countDistinct(delivery.subscriberId) })
    .from(delivery)
    .where(and(eq(delivery.incidentId, incidentId), inArray(delivery.state, ["sent", "delivered"])));
  const votes = await deps.db
    .select({ helpful: feedback.helpful, rating: feedback.rating })
    .from(feedback)
    .where(eq(feedback.incidentId, incidentId));
  return { deliveries: Object.fromEntries(byState.map((r) => [r.state, r.n])), subscribersReached: reached?.n ?? 0, votes };
}
