import { z } from "zod";
import { IMPACTS, MAINTENANCE_STATUSES } from "../../../db/schema/index.ts";
import { ID_PATTERN } from "../../lib/ids.ts";
import { IsoDate, Markdown, Variants, VisibilityInput } from "../updates/schemas.ts";

/** The vocabulary's values, for adapters that list them (pages never import db/schema). */
export { MAINTENANCE_STATUSES } from "../../../db/schema/index.ts";

const windowOrder = (v: { scheduledFor?: Date; scheduledUntil?: Date }, ctx: z.RefinementCtx) => {
  if (v.scheduledFor && v.scheduledUntil && v.scheduledUntil.getTime() <= v.scheduledFor.getTime()) {
    ctx.addIssue({ code: "custom", path: ["scheduledUntil"], message: "must be after scheduledFor" });
  }
};
const ComponentIds = z
  .array(z.string().regex(ID_PATTERN, "not a component id"))
  .max(500)
  .default([])
  .refine((ids) => new Set(ids).size === ids.length, { message: "duplicate component" });

export const CreateMaintenance = z
  .object({
    title: z.string().trim().min(1).max(200),
    impact: z.enum(IMPACTS).default("none"),
    visibility: VisibilityInput.default("internal"),
    components: ComponentIds,
    scheduledFor: IsoDate,
    scheduledUntil: IsoDate,
    body: Markdown,
    variants: Variants,
    internalNote: Markdown.optional(),
    autoTransition: z.boolean().default(true),
    reminderMinutes: z.number().int().min(0).max(10_080).default(60),
    notify: z.boolean().default(true),
  })
  .strict()
  .superRefine(windowOrder);
export type CreateMaintenance = z.infer<typeof CreateMaintenance>;
export type CreateMaintenanceInput = z.input<typeof CreateMaintenance>;

export const RescheduleMaintenance = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    scheduledFor: IsoDate.optional(),
    scheduledUntil: IsoDate.optional(),
    autoTransition: z.boolean().optional(),
    reminderMinutes: z.number().int().min(0).max(10_080).optional(),
    body: Markdown.optional(),
    notify: z.boolean().default(true),
  })
  .strict()
  .superRefine(windowOrder);
export type RescheduleMaintenance = z.infer<typeof RescheduleMaintenance>;

export const PostMaintenanceUpdate = z
  .object({
    status: z.enum(MAINTENANCE_STATUSES),
    body: Markdown,
    variants: Variants,
    internalNote: Markdown.optional(),
    notify: z.boolean().default(true),
  })
  .strict();
export type PostMaintenanceUpdate = z.infer<typeof PostMaintenanceUpdate>;
