import { z } from "zod";
import { IsoDate } from "../updates/schemas.ts";

const Section = z.string().trim().max(20_000, "at most 20000 characters").default("");

/** The sections the team writes after an incident. */
export const SaveReview = z.object({ whatWorked: Section, whatDidnt: Section, lessons: Section, documentationChanges: Section }).strict();
export type SaveReview = z.infer<typeof SaveReview>;

export const AddReviewAction = z
  .object({
    text: z.string().trim().min(1, "is required").max(500),
    owner: z.string().trim().min(1, "is required").max(120),
    dueAt: IsoDate.nullish(),
  })
  .strict();
export type AddReviewAction = z.infer<typeof AddReviewAction>;

export const CompleteReviewAction = z.object({ done: z.boolean() }).strict();
export type CompleteReviewAction = z.infer<typeof CompleteReviewAction>;
