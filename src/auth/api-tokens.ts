import { eq } from "drizzle-orm";
import { apiToken, teamMember } from "../../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import type { TokenActor } from "./permissions.ts";
import { parseToken, secretMatches } from "./secrets.ts";

export const API_TOKEN_PREFIX = "clarion_";
const LAST_USED_GRANULARITY_MS = 60_000;

/** Validates `clarion_<id>.<secret>`: not revoked, not expired, its creator not disabled; records when it was last used. */
export async function validateApiToken(deps: Pick<Deps, "db" | "clock">, token: string): Promise<TokenActor | null> {
  const parsed = parseToken(token, API_TOKEN_PREFIX);
  if (!parsed) return null;
  const [found] = await deps.db
    .select({ row: apiToken, creatorDisabledAt: teamMember.disabledAt })
    .from(apiToken)
    .leftJoin(teamMember, eq(teamMember.id, apiToken.createdBy))
    .where(eq(apiToken.id, parsed.id))
    .limit(1);
  const row = found?.row;
  if (!row || !secretMatches(parsed.secret, row.secretHash)) return null;
  const now = deps.clock.now();
  if (row.revokedAt || (row.expiresAt && row.expiresAt <= now) || found.creatorDisabledAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await deps.db.update(apiToken).set({ lastUsedAt: now }).where(eq(apiToken.id, row.id));
  }
  return { type: "token", id: row.id, name: row.name, scopes: row.scopes };
}
