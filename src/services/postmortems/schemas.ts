import { z } from "zod";
import { Markdown } from "../updates/schemas.ts";

export const SavePostmortem = z.object({ body: Markdown.max(100_000) }).strict();
export type SavePostmortem = z.infer<typeof SavePostmortem>;
export const PublishPostmortem = z.object({ notify: z.boolean().default(true) }).strict();
export type PublishPostmortem = z.infer<typeof PublishPostmortem>;
