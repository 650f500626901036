import { z } from "zod";
import { ID_PATTERN } from "../../lib/ids.ts";
import { ComponentChanges, IsoDate, Markdown, UpdateContent, Variants, VisibilityInput } from "../updates/schemas.ts";

export const CommitmentInput = z
  .object({
    text: z.string().trim().min(1, "Say what will be done").max(2000),
    owner: z.string().trim().min(1, "Choose who owns this commitment").max(200),
    dueAt: IsoDate.nullish(),
    visibility: VisibilityInput.default("internal"),
  })
  .strict();
export type CommitmentInput = z.infer<typeof CommitmentInput>;

/** Resolve with a closure notice: summary, optional apology (per audience), prevention commitments. */
export const CloseIncident = z
  .object({
    summary: Markdown.optional(),
    summaryTemplateId: z.string().regex(ID_PATTERN, "not a template id").optional(),
    apology: Markdown.optional(),
    apologyTemplateId: z.string().regex(ID_PATTERN, "not a template id").optional(),
    apologyVariants: Variants,
    commitments: z.array(CommitmentInput).max(50).default([]),
    internalNote: Markdown.optional(),
    /** Component statuses after closing; every linked component not named goes back to operational. */
    components: ComponentChanges,
    notify: z.boolean().default(true),
  })
  .strict()
  .refine((v) => v.summary || v.summaryTemplateId, { path: ["summary"], message: "required (or give a summaryTemplateId)" });
export type CloseIncident = z.infer<typeof CloseIncident>;
export type CloseIncidentInput = z.input<typeof CloseIncident>;

/**
 * New words for the closure in force: the summary, and the apology with its audience variants
 * (leaving both empty withdraws the apology). The earlier words stay as revisions for the team.
 */
export const EditClosure = z
  .object({
    summary: Markdown,
    apology: Markdown.nullish(),
    apologyVariants: Variants,
  })
  .strict();
export type EditClosure = z.infer<typeof EditClosure>;
export type EditClosureInput = z.input<typeof EditClosure>;

/** Reopen a resolved incident: an update with a status other than resolved. */
export const ReopenIncident = UpdateContent.extend({ status: z.enum(["investigating", "identified", "monitoring"]) }).strict();
export type ReopenIncident = z.infer<typeof ReopenIncident>;
