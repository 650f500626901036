import { z } from "zod";
import { ID_PATTERN } from "../../lib/ids.ts";
import { SLUG_PATTERN } from "../../projection/visibility.ts";

const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/^@/, ""))
  .pipe(z.string().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "not a domain such as acme.com"));

export const CreateAudience = z
  .object({
    name: z.string().trim().min(1).max(100),
    slug: z.string().regex(SLUG_PATTERN, "lowercase letters, digits and dashes"),
    description: z.string().trim().max(500).optional(),
    domains: z.array(Domain).max(50).default([]),
    precedence: z.number().int().min(1).max(999).default(100),
  })
  .strict();
export type CreateAudience = z.infer<typeof CreateAudience>;

// Spelled out without defaults: zod 4 fills defaults even inside .partial(), so a PATCH would reset them.
export const UpdateAudience = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    description: z.string().trim().max(500).optional(),
    domains: z.array(Domain).max(50).optional(),
    precedence: z.number().int().min(1).max(999).optional(),
  })
  .strict();
export type UpdateAudience = z.infer<typeof UpdateAudience>;

export const AudienceMemberInput = z
  .object({ subscriberId: z.string().regex(ID_PATTERN).optional(), email: z.email().toLowerCase().optional() })
  .strict()
  .refine((v) => Boolean(v.subscriberId) !== Boolean(v.email), { message: "give either subscriberId or email", path: ["email"] });
export type AudienceMemberInput = z.infer<typeof AudienceMemberInput>;
