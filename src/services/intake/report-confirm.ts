import { createHmac, timingSafeEqual } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { report } from "../../../db/schema/index.ts";
import { renderReportConfirmEmail } from "../../../emails/report-confirm.ts";
import type { ServiceContext } from "../../auth/context.ts";
import { serverSecret } from "../../auth/server-secret.ts";
import type { Deps } from "../../deps.ts";
import { translator } from "../../i18n/index.ts";
import { ID_PATTERN } from "../../lib/ids.ts";
import { baseUrl } from "../../lib/urls.ts";
import { enqueueEmail } from "../../notify/outbox.ts";
import { recordAudit } from "../audit/record.ts";
import { pageBrand } from "../settings/email-brand.ts";
import { subscribeReporters } from "./reporters.ts";

/** Names one report and one address, so a link confirms exactly what was typed on the form. */
function signature(secret: string, reportId: string, email: string): string {
  return encodeBase32LowerCaseNoPadding(createHmac("sha256", secret).update(`report-email:${reportId}:${email}`).digest()).slice(0, 32);
}

function signatureMatches(secret: string, reportId: string, email: string, given: string): boolean {
  const expected = Buffer.from(signature(secret, reportId, email));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export interface ReporterLink {
  reportId: string;
  email: string;
  signature: string;
}

/** In the report's transaction: mail the address a link; the report keeps no address until it is used. */
export async function queueReporterConfirmation(
  tx: DbOrTx,
  deps: Pick<Deps, "clock" | "env">,
  secret: string,
  reportId: string,
  email: string,
  language: string,
): Promise<void> {
  const { brand, from } = await pageBrand(tx, deps.env);
  // ?lang= keeps the confirmation page in the language of the email (and of the page they reported from).
  const query = `?e=${encodeURIComponent(email)}&sig=${signature(secret, reportId, email)}&lang=${encodeURIComponent(language)}`;
  const mail = renderReportConfirmEmail({
    pageName: brand.pageName,
    brand,
    confirmUrl: `${baseUrl(deps.env)}/report/confirm/${reportId}${query}`,
    t: translator(language),
  });
  await enqueueEmail(tx, deps.clock, "report.confirm", { to: email, from, ...mail });
}

/** Whether a confirmation link is genuine (the page's GET shows its button only then). */
export async function reporterLinkValid(deps: Pick<Deps, "db" | "clock">, link: ReporterLink): Promise<boolean> {
  if (!ID_PATTERN.test(link.reportId) || !link.email) return false;
  return signatureMatches(await serverSecret(deps.db, deps.clock), link.reportId, link.email, link.signature);
}

/**
 * The reporter confirmed: the report gets their address, so they hear back when it is resolved,
 * and if it is already part of an incident they follow that incident from now on.
 */
export async function confirmReporterEmail(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, link: ReporterLink): Promise<boolean> {
  if (!(await reporterLinkValid(deps, link))) return false;
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(report)
      .set({ email: link.email })
      .where(and(eq(report.id, link.reportId), isNull(report.email)))
      .returning({ groupId: report.groupId, incidentId: report.incidentId });
    if (!row) return (await tx.select({ id: report.id }).from(report).where(eq(report.id, link.reportId))).length > 0;
    if (row.incidentId) await subscribeReporters(tx, deps.clock, row.groupId, row.incidentId);
    await recordAudit(tx, deps.clock, ctx, { action: "report.email_confirmed", resourceType: "report", resourceId: link.reportId });
    return true;
  });
}
