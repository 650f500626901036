import { z } from "zod";
import { ID_PATTERN } from "../../lib/ids.ts";

/** An on-call contact: for a component or a category, a team member or a plain address, at a level. */
export const CreateContact = z
  .object({
    componentId: z.string().regex(ID_PATTERN, "not a component id").nullish(),
    category: z.string().trim().min(1).max(60).nullish(),
    level: z.number().int().min(1).max(10),
    memberId: z.string().regex(ID_PATTERN, "not a team member id").nullish(),
    email: z
      .email("an email address")
      .max(254)
      .transform((e) => e.toLowerCase())
      .nullish(),
    webhookUrl: z
      .url({ protocol: /^https?$/, message: "an http(s) URL" })
      .max(2000)
      .nullish(),
    ackMinutes: z.number().int().min(1).max(1440).default(15),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (Boolean(v.componentId) === Boolean(v.category))
      ctx.addIssue({ code: "custom", path: ["componentId"], message: "give either a componentId or a category" });
    if (Boolean(v.memberId) === Boolean(v.email))
      ctx.addIssue({ code: "custom", path: ["memberId"], message: "give either a memberId or an email" });
  });
export type CreateContact = z.infer<typeof CreateContact>;
