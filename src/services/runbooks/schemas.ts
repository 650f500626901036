import { z } from "zod";
import { ID_PATTERN } from "../../lib/ids.ts";

const Body = z.string().trim().min(1, "must not be empty").max(100_000);
const Note = z.string().trim().max(500).nullish();

export const CreateRunbook = z
  .object({
    title: z.string().trim().min(1, "is required").max(200),
    componentId: z.string().regex(ID_PATTERN, "not a component id").nullish(),
    category: z.string().trim().min(1).max(80).nullish(),
    body: Body,
  })
  .strict()
  .refine((r) => r.componentId || r.category, { path: ["category"], message: "name a component or an incident category" });
export type CreateRunbook = z.infer<typeof CreateRunbook>;

/** A new published version (an edit), or a proposal from an incident's review. */
export const EditRunbook = z.object({ body: Body, note: Note }).strict();
export type EditRunbook = z.infer<typeof EditRunbook>;

export const ProposeRunbookEdit = z
  .object({ body: Body, note: Note, incidentId: z.string().regex(ID_PATTERN, "not an incident id") })
  .strict();
export type ProposeRunbookEdit = z.infer<typeof ProposeRunbookEdit>;

export const DecideProposal = z.object({ accept: z.boolean() }).strict();
export type DecideProposal = z.infer<typeof DecideProposal>;
