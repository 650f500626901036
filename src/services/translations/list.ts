import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { incidentUpdate, message, preventionCommitment } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { requireIncident } from "../incidents/load.ts";
import { pageLanguages } from "../settings/languages.ts";
import type { Translatable } from "./schemas.ts";

/** One translatable text of an incident, its translations, and the offered languages it still lacks. */
export interface TranslatableText {
  kind: Translatable;
  targetId: string;
  /** For a message: its timeline step (its kind: update, closure, apology…, and status) and audience (null = public). */
  update: { id: string; kind: string; status: string; displayAt: Date } | null;
  audience: string | null;
  body: string;
  translations: Record<string, string>;
  missing: string[];
}

export interface IncidentTranslations {
  defaultLanguage: string;
  /** The offered languages other than the default: the ones a text can be translated into. */
  languages: string[];
  /** Newest timeline step first, then commitments, then the postmortem. */
  texts: TranslatableText[];
}

/** Everything readers of the incident can read, with what is translated and what is missing (the composer's panel). */
export async function listTranslations(deps: Deps, ctx: ServiceContext, incidentId: string): Promise<IncidentTranslations> {
  authorize(ctx, "console.read");
  const inc = await requireIncident(deps.db, incidentId, "any");
  const { defaultLanguage, offered } = await pageLanguages(deps);
  const languages = offered.filter((l) => l !== defaultLanguage);
  const missing = (t: Record<string, string>) => languages.filter((l) => !t[l]?.trim());
  const updates = await deps.db
    .select()
    .from(incidentUpdate)
    .where(and(eq(incidentUpdate.incidentId, inc.id), isNull(incidentUpdate.retractedAt)))
    .orderBy(desc(incidentUpdate.displayAt), desc(incidentUpdate.createdAt));
  const [messages, commitments] = await Promise.all([
    updates.length
      ? deps.db
          .select()
          .from(message)
          .where(
            and(
              inArray(
                message.updateId,
                updates.map((u) => u.id),
              ),
              inArray(message.kind, ["public", "variant"]),
            ),
          )
      : [],
    deps.db.select().from(preventionCommitment).where(eq(preventionCommitment.incidentId, inc.id)),
  ]);
  const texts: TranslatableText[] = [];
  for (const u of updates) {
    const words = messages.filter((m) => m.updateId === u.id).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "public" ? -1 : 1));
    for (const m of words)
      texts.push({
        kind: "message",
        targetId: m.id,
        update: { id: u.id, kind: u.kind, status: u.status, displayAt: u.displayAt },
        audience: m.audienceSlug,
        body: m.body,
        translations: m.translations,
        missing: missing(m.translations),
      });
  }
  for (const c of commitments.filter((x) => x.visibility !== "internal"))
    texts.push({
      kind: "commitment",
      targetId: c.id,
      update: null,
      audience: c.visibility === "public" ? null : c.visibility,
      body: c.text,
      translations: c.translations,
      missing: missing(c.translations),
    });
  if (inc.postmortemBody)
    texts.push({
      kind: "postmortem",
      targetId: inc.id,
      update: null,
      audience: null,
      body: inc.postmortemBody,
      translations: inc.postmortemTranslations,
      missing: missing(inc.postmortemTranslations),
    });
  return { defaultLanguage, languages, texts };
}
