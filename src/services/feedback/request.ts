import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { auditEvent, delivery, subscriber } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { signedQuery } from "../../auth/link-signatures.ts";
import { serverSecret } from "../../auth/server-secret.ts";
import type { Deps } from "../../deps.ts";
import { translator } from "../../i18n/index.ts";
import { AppError, ConflictError } from "../../lib/errors.ts";
import { baseUrl } from "../../lib/urls.ts";
import { enqueueEmail } from "../../notify/outbox.ts";
import { recordAudit } from "../audit/record.ts";
import { CLOSED_STATUSES, requireIncident } from "../incidents/load.ts";
import { getSettings } from "../settings/get.ts";
import { renderFeedbackRequestEmail } from "./request-email.ts";

const REACHED = ["sent", "delivered"] as const;

/**
 * After closure, asks everyone an email about the incident reached (and who is still
 * subscribed) for a 1–5 rating — once per incident, one transactional email each.
 */
export async function requestIncidentFeedback(deps: Deps, ctx: ServiceContext, incidentId: string): Promise<{ recipients: number }> {
  authorize(ctx, "incident.close");
  const secret = await serverSecret(deps.db, deps.clock);
  const settings = await getSettings(deps);
  return deps.db.transaction(async (tx) => {
    const inc = await requireIncident(tx, incidentId);
    if (!CLOSED_STATUSES.includes(inc.status))
      throw new AppError("unprocessable", "Ask for feedback once the incident is resolved", [
        { path: "incidentId", message: "not resolved" },
      ]);
    const [asked] = await tx
      .select({ id: auditEvent.id })
      .from(auditEvent)
      .where(and(eq(auditEvent.action, "feedback.request"), eq(auditEvent.resourceId, incidentId)));
    if (asked) throw new ConflictError("Feedback was already requested for this incident");
    const rows = await tx
      .selectDistinct({ id: subscriber.id, target: subscriber.target, language: subscriber.language })
      .from(delivery)
      .innerJoin(subscriber, eq(subscriber.id, delivery.subscriberId))
      .where(
        and(
          eq(delivery.incidentId, incidentId),
          eq(delivery.channel, "email"),
          inArray(delivery.state, [...REACHED]),
          isNotNull(subscriber.confirmedAt),
          isNull(subscriber.unsubscribedAt),
          isNull(subscriber.suppressedAt),
        ),
      );
    for (const r of rows) {
      // In the subscriber's language, and so is the page the link opens (?lang= after the signed part).
      const t = translator(r.language);
      const ratingUrl = `${baseUrl(deps.env)}/feedback/rate/${incidentId}${signedQuery(secret, "incident", incidentId, r.id)}&lang=${t.locale}`;
      const email = renderFeedbackRequestEmail({ pageName: settings.name, incidentTitle: inc.title, ratingUrl, t });
      await enqueueEmail(tx, deps.clock, "feedback.request", { to: r.target, ...email, tags: { kind: "feedback_request" } });
    }
    await recordAudit(tx, deps.clock, ctx, {
      action: "feedback.request",
      resourceType: "incident",
      resourceId: incidentId,
      after: { recipients: rows.length },
    });
    return { recipients: rows.length };
  });
}
