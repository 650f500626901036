import type { DbOrTx } from "../../../db/client.ts";
import { audience } from "../../../db/schema/index.ts";
import type { Clock } from "../../lib/clock.ts";
import { newId } from "../../lib/ids.ts";

export const BUILTIN_AUDIENCES = [
  { slug: "public", name: "Public", description: "Everyone: the status page, feeds and public JSON.", precedence: 1000 },
  { slug: "internal", name: "Internal", description: "The team only: never published.", precedence: 0 },
] as const;

/** `public` and `internal` always exist; safe to call on every start and in every test. */
export async function ensureBuiltinAudiences(db: DbOrTx, clock: Clock): Promise<void> {
  const now = clock.now();
  for (const a of BUILTIN_AUDIENCES) {
    await db
      .insert(audience)
      .values({ id: newId(), ...a, kind: "builtin", domains: [], createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: audience.slug });
  }
}
