import { z } from "zod";
import { IMPACTS } from "../../../db/schema/index.ts";
import { ID_PATTERN } from "../../lib/ids.ts";
import { INCIDENT_FLOW, IsoDate, Markdown, UpdateContent, VisibilityInput } from "../updates/schemas.ts";

/** The vocabulary's values, for adapters that list them (pages never import db/schema). */
export { IMPACTS } from "../../../db/schema/index.ts";
export const PRIORITIES = ["P1", "P2", "P3", "P4"] as const;

const Fields = {
  title: z.string().trim().min(1).max(200),
  impact: z.enum(IMPACTS),
  visibility: VisibilityInput,
  category: z.string().trim().min(1).max(60).nullish(),
  priority: z.enum(PRIORITIES).nullish(),
  ownerId: z.string().regex(ID_PATTERN, "not a team member id").nullish(),
};

/** An incident with its first update inline; a template can supply the title and words. */
export const CreateIncident = UpdateContent.extend({
  ...Fields,
  title: Fields.title.optional(),
  body: Markdown.optional(),
  impact: Fields.impact.default("none"),
  status: z.enum(INCIDENT_FLOW).default("investigating"),
  visibility: VisibilityInput.default("internal"),
  startedAt: IsoDate.optional(),
  templateId: z.string().regex(ID_PATTERN, "not a template id").optional(),
  /** A draft (from triage) is hidden from every public surface and tells no one until a person publishes an update. */
  draft: z.boolean().default(false),
  /** A practice incident: seen by the team only, emailed to the team only, left out of status and insights. */
  drill: z.boolean().default(false),
})
  .strict()
  .superRefine((v, ctx) => {
    if (!v.templateId && !v.title) ctx.addIssue({ code: "custom", path: ["title"], message: "required (or give a templateId)" });
    if (!v.templateId && !v.body) ctx.addIssue({ code: "custom", path: ["body"], message: "required (or give a templateId)" });
  });
export type CreateIncident = z.infer<typeof CreateIncident>;
export type CreateIncidentInput = z.input<typeof CreateIncident>;

/** Changes to the incident itself; words go through updates. */
export const PatchIncident = z
  .object(Fields)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "send at least one field" });
export type PatchIncident = z.infer<typeof PatchIncident>;

export const ListIncidentsQuery = z.object({
  state: z.enum(["open", "resolved", "all"]).default("all"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
