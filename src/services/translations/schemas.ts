import { z } from "zod";
import { ID_PATTERN } from "../../lib/ids.ts";
import { Markdown } from "../updates/schemas.ts";

/** What can be translated: a message (public text, audience variant, closure, apology, notice), a commitment, the postmortem. */
export const TRANSLATABLE = ["message", "commitment", "postmortem"] as const;
export type Translatable = (typeof TRANSLATABLE)[number];

/** One text in one language: the message or commitment id, or the incident's id for its postmortem. */
export const TranslationRef = z
  .object({
    kind: z.enum(TRANSLATABLE),
    targetId: z.string().regex(ID_PATTERN, "Not an id: use the message, commitment or incident id from GET …/translations"),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Not a language tag: use one of the page's offered languages, e.g. de or pt-BR"),
  })
  .strict();
export type TranslationRef = z.infer<typeof TranslationRef>;

export const SetTranslation = TranslationRef.extend({ body: Markdown }).strict();
export type SetTranslation = z.infer<typeof SetTranslation>;

export const RemoveTranslation = TranslationRef;
export type RemoveTranslation = z.infer<typeof RemoveTranslation>;
