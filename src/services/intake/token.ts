import { and, eq, isNull } from "drizzle-orm";
import { intakeSource } from "../../../db/schema/index.ts";
import type { SystemActor } from "../../auth/permissions.ts";
import { parseToken, secretMatches } from "../../auth/secrets.ts";
import type { Deps } from "../../deps.ts";

export const INTAKE_TOKEN_PREFIX = "clarion_in_";

export interface IntakeSourceRow {
  id: string;
  name: string;
  kind: "alertmanager" | "grafana" | "generic";
  lastUsedAt?: Date | null;
}

/** Finds the source a bearer intake token belongs to; null for anything unknown, revoked or wrong. */
export async function authenticateSource(deps: Pick<Deps, "db">, token: string): Promise<IntakeSourceRow | null> {
  const parsed = parseToken(token, INTAKE_TOKEN_PREFIX);
  if (!parsed) return null;
  const [row] = await deps.db
    .select()
    .from(intakeSource)
    .where(and(eq(intakeSource.id, parsed.id), isNull(intakeSource.revokedAt)));
  if (!row || !secretMatches(parsed.secret, new Uint8Array(row.secretHash))) return null;
  return { id: row.id, name: row.name, kind: row.kind, lastUsedAt: row.lastUsedAt };
}

/** Who the audit log names when a source's alerts change something. */
export function sourceActor(source: IntakeSourceRow): SystemActor {
  return { type: "system", id: null, name: `intake source ${source.name}` };
}
