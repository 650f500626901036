import { z } from "zod";
import { TRANSLATABLE } from "../../services/translations/schemas.ts";
import { Instant } from "./common.ts";

/** An incident's translatable texts (`GET /api/admin/incidents/{id}/translations`). */
export const IncidentTranslations = z.object({
  defaultLanguage: z.string().describe("the language the texts themselves are written in"),
  languages: z.array(z.string()).describe("the other offered languages: the ones a text can be translated into"),
  texts: z.array(
    z.object({
      kind: z.enum(TRANSLATABLE),
      targetId: z.string().describe("the message or commitment id, or the incident id for its postmortem"),
      update: z.object({ id: z.string(), kind: z.string(), status: z.string(), displayAt: Instant }).nullable(),
      audience: z.string().nullable().describe("the audience of a variant or restricted commitment; null for public text"),
      body: z.string(),
      translations: z.record(z.string(), z.string()),
      missing: z.array(z.string()).describe("offered languages this text has no translation for yet"),
    }),
  ),
});

export const TranslationSaved = z.object({
  kind: z.enum(TRANSLATABLE),
  targetId: z.string(),
  language: z.string(),
  created: z.boolean().describe("true when the language was new for this text"),
});
export const TranslationRemoved = z.object({ removed: z.boolean().describe("false when there was no such translation") });
