import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { incident, report } from "../../../db/schema/index.ts";
import { renderReportResolvedEmail } from "../../../emails/report-resolved.ts";
import type { Deps } from "../../deps.ts";
import { translator } from "../../i18n/index.ts";
import { incidentUrl } from "../../notify/links.ts";
import { enqueueEmail } from "../../notify/outbox.ts";
import { ANONYMOUS, loadIncidents } from "../../projection/index.ts";
import { pageBrand } from "../settings/email-brand.ts";

/**
 * Reporters who left an email hear back, once, when the incident their report became part of
 * is resolved, even if its updates were not public; the link appears only if the public may see it.
 */
export async function followUpReporters(deps: Deps): Promise<number> {
  const due = await deps.db
    .select({ id: report.id, email: report.email, what: report.what, incidentId: report.incidentId, language: report.language })
    .from(report)
    .innerJoin(incident, eq(incident.id, report.incidentId))
    .where(and(isNotNull(report.email), isNull(report.notifiedAt), isNotNull(incident.resolvedAt)))
    .limit(500);
  if (!due.length) return 0;
  const { brand, from } = await pageBrand(deps.db, deps.env);
  let sent = 0;
  for (const r of due) {
    const incidentId = r.incidentId as string;
    const [visible] = await loadIncidents(deps.db, ANONYMOUS, { ids: [incidentId] });
    await deps.db.transaction(async (tx) => {
      const claimed = await tx
        .update(report)
        .set({ notifiedAt: deps.clock.now() })
        .where(and(eq(report.id, r.id), isNull(report.notifiedAt)))
        .returning({ id: report.id });
      if (!claimed.length) return;
      const email = renderReportResolvedEmail({
        pageName: brand.pageName,
        brand,
        what: r.what,
        incidentUrl: visible ? incidentUrl(deps.env, incidentId) : null,
        t: translator(r.language),
      });
      await enqueueEmail(tx, deps.clock, "report.resolved", { to: r.email as string, from, ...email });
      sent += 1;
    });
  }
  return sent;
}
