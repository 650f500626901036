import { eq } from "drizzle-orm";
import { incidentUpdate } from "../../../db/schema/index.ts";
import { verifyFeedbackSignature } from "../../auth/link-signatures.ts";
import { serverSecret } from "../../auth/server-secret.ts";
import type { Deps } from "../../deps.ts";
import { ID_PATTERN } from "../../lib/ids.ts";
import { ANONYMOUS, loadIncidents } from "../../projection/index.ts";

export interface FeedbackPageModel {
  updateId: string;
  incidentId: string;
  /** Only what an anonymous viewer may see; null for a restricted incident (the page stays generic). */
  incidentTitle: string | null;
  updateStatus: string | null;
}

/**
 * What the feedback page may say about an update. The link may reach anyone (a forwarded
 * email), so it reads through the projection as an anonymous viewer — never the tables.
 * An update anonymous viewers may not see exists only for its signed recipients: to anyone
 * else it is as absent as a random id.
 */
export async function loadFeedbackPage(
  deps: Pick<Deps, "db" | "clock">,
  updateId: string | undefined,
  signed?: { subscriberId: string; signature: string },
): Promise<FeedbackPageModel | null> {
  if (!updateId || !ID_PATTERN.test(updateId)) return null;
  const [row] = await deps.db.select({ incidentId: incidentUpdate.incidentId }).from(incidentUpdate).where(eq(incidentUpdate.id, updateId));
  if (!row) return null;
  const [visible] = await loadIncidents(deps.db, ANONYMOUS, { ids: [row.incidentId] });
  const recipient =
    signed && verifyFeedbackSignature(await serverSecret(deps.db, deps.clock), "update", updateId, signed.subscriberId, signed.signature);
  if (!visible && !recipient) return null;
  const update = visible?.updates.find((u) => u.id === updateId);
  return { updateId, incidentId: row.incidentId, incidentTitle: visible?.title ?? null, updateStatus: update?.status ?? null };
}

/** The same for a closing rating: the incident's public title, when it has one. */
export async function loadRatingPage(
  deps: Pick<Deps, "db">,
  incidentId: string | undefined,
): Promise<{ incidentId: string; incidentTitle: string | null } | null> {
  if (!incidentId || !ID_PATTERN.test(incidentId)) return null;
  const [visible] = await loadIncidents(deps.db, ANONYMOUS, { ids: [incidentId] });
  return { incidentId, incidentTitle: visible?.title ?? null };
}
