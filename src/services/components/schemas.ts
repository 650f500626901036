import { z } from "zod";
import { COMPONENT_STATUSES } from "../../../db/schema/index.ts";
import { SLUG_PATTERN } from "../../projection/index.ts";

/** The vocabulary's values, for adapters that list them (pages never import db/schema). */
export { COMPONENT_STATUSES } from "../../../db/schema/index.ts";

/** Visibility in JSON: "public", "internal", or a list of audience slugs. */
export const VisibilityInput = z.union([
  z.literal("public"),
  z.literal("internal"),
  z.array(z.string().regex(SLUG_PATTERN, "must be an audience slug")).min(1, "name at least one audience").max(50),
]);

const name = z.string().trim().min(1, "is required").max(120);
const description = z.string().trim().max(1000).nullable();
const position = z.number().int().min(0).max(100_000);

export const CreateComponent = z.strictObject({
  name,
  description: description.optional(),
  groupId: z
    .string()
    .regex(/^[0-9a-z]{12}$/, "must be a group id")
    .nullable()
    .optional(),
  position: position.optional(),
  status: z.enum(COMPONENT_STATUSES).optional(),
  visibility: VisibilityInput.optional(),
});
export type CreateComponent = z.infer<typeof CreateComponent>;

export const UpdateComponent = CreateComponent.partial().refine((v) => Object.keys(v).length > 0, "send at least one field");
export type UpdateComponent = z.infer<typeof UpdateComponent>;

export const CreateGroup = z.strictObject({
  name,
  description: description.optional(),
  position: position.optional(),
  visibility: VisibilityInput.optional(),
});
export type CreateGroup = z.infer<typeof CreateGroup>;

export const UpdateGroup = CreateGroup.partial().refine((v) => Object.keys(v).length > 0, "send at least one field");
export type UpdateGroup = z.infer<typeof UpdateGroup>;
