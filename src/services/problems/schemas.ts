import { z } from "zod";
import { PROBLEM_STATES } from "../../../db/schema/index.ts";
import { ID_PATTERN } from "../../lib/ids.ts";
import { Markdown, Variants, VisibilityInput } from "../updates/schemas.ts";

/** The vocabulary's values, for adapters that list them (pages never import db/schema). */
export { PROBLEM_STATES } from "../../../db/schema/index.ts";

const Ids = (what: string) =>
  z
    .array(z.string().regex(ID_PATTERN, `not ${what} id`))
    .max(100)
    .refine((list) => new Set(list).size === list.length, `duplicate ${what} id`);
const Text = z.string().trim().max(20_000);

const ProblemFields = {
  title: z.string().trim().min(1, "is required").max(200),
  category: z.string().trim().min(1).max(80).nullish(),
  priority: z.enum(["P1", "P2", "P3", "P4"]),
  investigationNotes: Text.nullish(),
  rootCause: Text.nullish(),
  rootCauseVisibility: VisibilityInput,
  fixPlan: Text.nullish(),
  changes: Text.nullish(),
  verification: Text.nullish(),
};

export const CreateProblem = z
  .object({
    ...ProblemFields,
    priority: ProblemFields.priority.default("P3"),
    rootCauseVisibility: VisibilityInput.default("internal"),
    incidentIds: Ids("an incident").default([]),
    commitmentIds: Ids("a commitment").default([]),
  })
  .strict();
export type CreateProblem = z.infer<typeof CreateProblem>;

export const PatchProblem = z
  .object(ProblemFields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "send at least one field");
export type PatchProblem = z.infer<typeof PatchProblem>;

/** Link or unlink incidents, attach or detach commitments. */
export const LinkProblem = z
  .object({
    addIncidents: Ids("an incident").default([]),
    removeIncidents: Ids("an incident").default([]),
    addCommitments: Ids("a commitment").default([]),
    removeCommitments: Ids("a commitment").default([]),
  })
  .strict();
export type LinkProblem = z.infer<typeof LinkProblem>;

/** A state change; closing may tell every linked incident's stakeholders (announce). */
export const TransitionProblem = z
  .object({
    state: z.enum(PROBLEM_STATES),
    announce: z.boolean().default(false),
    message: Markdown.optional(),
    /** Words tailored to an audience; each goes to the linked incidents that audience can see. */
    variants: Variants,
    notify: z.boolean().default(true),
  })
  .strict();
export type TransitionProblem = z.infer<typeof TransitionProblem>;
