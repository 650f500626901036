import { z } from "zod";

const Comment = z
  .string()
  .trim()
  .max(2000, "at most 2000 characters")
  .transform((s) => s || undefined)
  .optional();
const Signed = z.object({ subscriberId: z.string().regex(/^[0-9a-z]{12}$/, "not a subscriber id"), signature: z.string().min(1).max(64) });

/** "Was this helpful?" on one update, from the web (anonymous) or an email link (signed). */
export const UpdateVote = z.object({
  helpful: z.enum(["yes", "no"], "choose yes or no").transform((v) => v === "yes"),
  comment: Comment,
  signed: Signed.optional(),
  /** Adds a comment to a vote just cast anonymously: its id and the signature the page gave. */
  amend: z.object({ id: z.string().regex(/^[0-9a-z]{12}$/), signature: z.string().min(1).max(64) }).optional(),
});
export type UpdateVote = z.infer<typeof UpdateVote>;

/** After closure: how well were you kept informed, 1–5, from a signed email link. */
export const IncidentRating = z.object({
  rating: z.coerce.number("choose a rating from 1 to 5").int().min(1, "choose a rating from 1 to 5").max(5, "choose a rating from 1 to 5"),
  comment: Comment,
  signed: Signed,
});
export type IncidentRating = z.infer<typeof IncidentRating>;
