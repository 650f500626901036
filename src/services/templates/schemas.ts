import { z } from "zod";
import { INCIDENT_FLOW } from "../updates/schemas.ts";
import { unknownPlaceholders } from "./render.ts";

const checkPlaceholders = (field: "body" | "title") => (v: { body?: string; title?: string | null }, ctx: z.RefinementCtx) => {
  const unknown = unknownPlaceholders(v[field] ?? "");
  if (unknown.length) ctx.addIssue({ code: "custom", path: [field], message: `unknown placeholder: ${unknown.join(", ")}` });
};

const Fields = z.object({
  kind: z.enum(["update", "apology", "closure"]),
  name: z.string().trim().min(1).max(100),
  status: z.enum(INCIDENT_FLOW).nullish(),
  title: z.string().trim().min(1).max(200).nullish(),
  body: z.string().trim().min(1).max(20_000),
});

export const CreateTemplate = Fields.strict().superRefine(checkPlaceholders("body")).superRefine(checkPlaceholders("title"));
export type CreateTemplate = z.infer<typeof CreateTemplate>;

export const UpdateTemplate = Fields.omit({ kind: true })
  .partial()
  .strict()
  .superRefine(checkPlaceholders("body"))
  .superRefine(checkPlaceholders("title"));
export type UpdateTemplate = z.infer<typeof UpdateTemplate>;
