import { z } from "zod";
import { COMMITMENT_STATES } from "../../../db/schema/index.ts";
import { CommitmentInput } from "../closures/schemas.ts";
import { Markdown } from "../updates/schemas.ts";

/** The vocabulary's values, for adapters that list them (pages never import db/schema). */
export { COMMITMENT_STATES } from "../../../db/schema/index.ts";

export const AddCommitments = z.object({ commitments: z.array(CommitmentInput).min(1).max(50) }).strict();
export type AddCommitments = z.infer<typeof AddCommitments>;

/** A state change; `announce` posts a follow-up notice to those who may see the commitment. */
export const TransitionCommitment = z
  .object({
    state: z.enum(COMMITMENT_STATES),
    announce: z.boolean().default(false),
    message: Markdown.optional(),
    notify: z.boolean().default(true),
  })
  .strict();
export type TransitionCommitment = z.infer<typeof TransitionCommitment>;
