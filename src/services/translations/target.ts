import { eq, type SQLWrapper, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { incident, incidentUpdate, message, preventionCommitment } from "../../../db/schema/index.ts";
import type { ServiceContext } from "../../auth/context.ts";
import { can } from "../../auth/permissions.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { requireIncident } from "../incidents/load.ts";
import { assertMayPublishRestricted, assertMayWriteIncident, isRestricted } from "../incidents/rules.ts";
import { assertMayWriteClosure } from "../updates/load.ts";
import type { TranslationRef } from "./schemas.ts";

/** The row a translation is written to, found and permission-checked. */
export interface TranslationTarget {
  kind: TranslationRef["kind"];
  rowId: string;
  translations: Record<string, string>;
}

/**
 * Translating a text is writing it again in another language, so it takes exactly the rights that
 * writing the text takes: a variant or a restricted incident needs incident.publish_restricted; a
 * closure, apology, commitment or postmortem needs incident.close. Internal notes are not translated.
 */
export async function requireTranslatable(
  tx: DbOrTx,
  ctx: ServiceContext,
  incidentId: string,
  ref: TranslationRef,
): Promise<TranslationTarget> {
  const inc = await requireIncident(tx, incidentId, "any");
  assertMayWriteIncident(ctx, inc.visibility);
  if (inc.kind === "maintenance" && !can(ctx.actor, "maintenance.write"))
    throw new ForbiddenError("Your role or token scopes do not allow maintenance.write (a maintenance notice)");
  if (ref.kind === "postmortem") {
    if (ref.targetId !== inc.id) throw new NotFoundError(`Postmortem ${ref.targetId}`);
    assertMayClose(ctx, "the postmortem");
    if (!inc.postmortemBody) throw new ConflictError("This incident has no postmortem yet: write it first, then translate it");
    return { kind: "postmortem", rowId: inc.id, translations: inc.postmortemTranslations };
  }
  if (ref.kind === "commitment") {
    const [c] = await tx.select().from(preventionCommitment).where(eq(preventionCommitment.id, ref.targetId));
    if (!c || c.incidentId !== inc.id) throw new NotFoundError(`Commitment ${ref.targetId}`);
    assertMayClose(ctx, "prevention commitments");
    if (isRestricted(c.visibility)) assertMayPublishRestricted(ctx, "a commitment shown to named audiences");
    return { kind: "commitment", rowId: c.id, translations: c.translations };
  }
  const [m] = await tx
    .select({
      kind: message.kind,
      translations: message.translations,
      updateKind: incidentUpdate.kind,
      incidentId: incidentUpdate.incidentId,
      retractedAt: incidentUpdate.retractedAt,
    })
    .from(message)
    .innerJoin(incidentUpdate, eq(incidentUpdate.id, message.updateId))
    .where(eq(message.id, ref.targetId));
  if (!m || m.incidentId !== inc.id) throw new NotFoundError(`Message ${ref.targetId}`);
  if (m.kind === "internal")
    throw new ValidationError("Internal notes are for the team and are not translated", [
      { path: "targetId", message: "choose the public text or an audience variant" },
    ]);
  if (m.retractedAt) throw new ConflictError("A retracted update cannot be translated");
  assertMayWriteClosure(ctx, m.updateKind);
  if (m.kind === "variant") assertMayPublishRestricted(ctx, "audience variants");
  return { kind: "message", rowId: ref.targetId, translations: m.translations };
}

function assertMayClose(ctx: ServiceContext, what: string): void {
  if (!can(ctx.actor, "incident.close")) throw new ForbiddenError(`Your role or token scopes do not allow incident.close (${what})`);
}

/** A translation is into one of the page's other offered languages; the default is the text itself. */
export function checkLanguage(language: string, languages: { defaultLanguage: string; offered: readonly string[] }): void {
  if (language === languages.defaultLanguage)
    throw new ValidationError("The text itself is in the default language; edit it instead of translating it", [
      { path: "language", message: `${language} is the page's default language` },
    ]);
  if (!languages.offered.includes(language))
    throw new ValidationError("The page does not offer this language; add it under Settings → Offered languages first", [
      { path: "language", message: `offered: ${languages.offered.filter((l) => l !== languages.defaultLanguage).join(", ")}` },
    ]);
}

/** Sets (or, with null, removes) one language of a target in one statement, so two editors of different languages never overwrite each other. */
export async function writeTranslation(tx: DbOrTx, target: TranslationTarget, language: string, body: string | null): Promise<void> {
  const path = `$."${language}"`;
  const next = (column: SQLWrapper) => (body === null ? sql`json_remove(${column}, ${path})` : sql`json_set(${column}, ${path}, ${body})`);
  if (target.kind === "message")
    await tx
      .update(message)
      .set({ translations: next(message.translations) })
      .where(eq(message.id, target.rowId));
  else if (target.kind === "commitment")
    await tx
      .update(preventionCommitment)
      .set({ translations: next(preventionCommitment.translations) })
      .where(eq(preventionCommitment.id, target.rowId));
  else
    await tx
      .update(incident)
      .set({ postmortemTranslations: next(incident.postmortemTranslations) })
      .where(eq(incident.id, target.rowId));
}
