import { z } from "zod";
import { ID_PATTERN } from "../lib/ids.ts";

const Id = z.string().regex(ID_PATTERN, "Not an id: use the 12-character id (lowercase letters and digits) from the URL or JSON");

/** The `:id` path parameter every admin API route shares. */
export const IdParam = z.object({ id: Id });
/** `:id/updates/:updateId`. */
export const UpdateIdsParam = z.object({ id: Id, updateId: Id });
