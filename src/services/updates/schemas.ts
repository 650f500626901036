import { z } from "zod";
import { COMPONENT_STATUSES } from "../../../db/schema/index.ts";
import { ID_PATTERN } from "../../lib/ids.ts";
import { SLUG_PATTERN } from "../../projection/visibility.ts";

/** The vocabulary's values, for adapters that list them (pages never import db/schema). */
export { COMPONENT_STATUSES } from "../../../db/schema/index.ts";

export const INCIDENT_FLOW = ["investigating", "identified", "monitoring", "resolved"] as const;
export const Markdown = z.string().trim().min(1, "must not be empty").max(20_000);
export const IsoDate = z.iso
  .datetime({ offset: true, message: "an ISO 8601 date-time such as 2026-03-02T14:30:00Z" })
  .transform((s) => new Date(s));
export const VisibilityInput = z.union([
  z.literal("public"),
  z.literal("internal"),
  z.array(z.string().regex(SLUG_PATTERN, "not an audience slug")).min(1).max(50),
]);
export const ComponentChange = z
  .object({ id: z.string().regex(ID_PATTERN, "not a component id"), status: z.enum(COMPONENT_STATUSES) })
  .strict();
export const Variant = z.object({ audience: z.string().regex(SLUG_PATTERN, "not an audience slug"), body: Markdown }).strict();

const uniqueBy =
  <T>(key: (t: T) => string, what: string) =>
  (list: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(key(item))) ctx.addIssue({ code: "custom", path: [i], message: `duplicate ${what}` });
      seen.add(key(item));
    });
  };
export const Variants = z
  .array(Variant)
  .max(50)
  .default([])
  .superRefine(uniqueBy((v) => v.audience, "audience"));
export const ComponentChanges = z
  .array(ComponentChange)
  .max(500)
  .default([])
  .superRefine(uniqueBy((c) => c.id, "component"));

/** What an update carries: the public words, variants, an internal note and the promises. */
export const UpdateContent = z.object({
  body: Markdown,
  variants: Variants,
  internalNote: Markdown.optional(),
  components: ComponentChanges,
  nextUpdateBy: IsoDate.nullish(),
  notify: z.boolean().default(true),
});

export const PostUpdate = UpdateContent.extend({
  status: z.enum(INCIDENT_FLOW),
  /** Needed to post to a resolved incident: it goes back to the given status. */
  reopen: z.boolean().default(false),
}).strict();
export type PostUpdate = z.infer<typeof PostUpdate>;
export type PostUpdateInput = z.input<typeof PostUpdate>;

export const EditUpdate = z.object({ body: Markdown, variants: Variants, internalNote: Markdown.nullish() }).strict();
export type EditUpdate = z.infer<typeof EditUpdate>;

export const RetractUpdate = z.object({ correction: Markdown.optional(), notify: z.boolean().default(true) }).strict();
export type RetractUpdate = z.infer<typeof RetractUpdate>;
