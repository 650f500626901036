import { desc, eq, ne } from "drizzle-orm";
import { intakeSource } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { issueToken } from "../../auth/secrets.ts";
import type { Deps } from "../../deps.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import type { CreateSource } from "./schemas.ts";
import { REPORTS_SOURCE } from "./spike.ts";
import { INTAKE_TOKEN_PREFIX } from "./token.ts";

export interface SourceJson {
  id: string;
  name: string;
  kind: string;
  endpoint: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

const ENDPOINT = { alertmanager: "/api/intake/alertmanager", grafana: "/api/intake/grafana", generic: "/api/intake/generic" } as const;

function sourceJson(r: typeof intakeSource.$inferSelect): SourceJson {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    endpoint: ENDPOINT[r.kind],
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

/** A new intake source; its token is in this answer only (stored as a hash). */
export async function createSource(
  deps: Pick<Deps, "db" | "clock">,
  ctx: ServiceContext,
  input: CreateSource,
): Promise<SourceJson & { token: string }> {
  authorize(ctx, "settings.write");
  const issued = issueToken(INTAKE_TOKEN_PREFIX);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(intakeSource)
      .values({
        id: issued.id,
        name: input.name,
        kind: input.kind,
        secretHash: Buffer.from(issued.secretHash),
        createdAt: deps.clock.now(),
      })
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: "intake_source.create",
      resourceType: "intake_source",
      resourceId: issued.id,
      after: { ...input },
    });
    return { ...sourceJson(row as typeof intakeSource.$inferSelect), token: issued.token };
  });
}

export async function listSources(deps: Pick<Deps, "db">): Promise<SourceJson[]> {
  const rows = await deps.db
    .select()
    .from(intakeSource)
    .where(ne(intakeSource.id, REPORTS_SOURCE.id))
    .orderBy(desc(intakeSource.createdAt));
  return rows.map(sourceJson);
}

/** Revoking is final: the token stops working at once; its signals stay. */
export async function revokeSource(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, "settings.write");
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(intakeSource).where(eq(intakeSource.id, id));
    if (!row || id === REPORTS_SOURCE.id) throw new NotFoundError("Intake source");
    if (row.revokedAt) throw new ConflictError("The source is already revoked");
    await tx.update(intakeSource).set({ revokedAt: deps.clock.now() }).where(eq(intakeSource.id, id));
    await recordAudit(tx, deps.clock, ctx, {
      action: "intake_source.revoke",
      resourceType: "intake_source",
      resourceId: id,
      before: { name: row.name },
    });
  });
}

/** Remembers when a source last posted; at most one write a minute, so a burst costs no extra writes. */
export async function touchSource(deps: Pick<Deps, "db" | "clock">, source: { id: string; lastUsedAt?: Date | null }): Promise<void> {
  const now = deps.clock.now();
  if (source.lastUsedAt && now.getTime() - source.lastUsedAt.getTime() < 60_000) return;
  await deps.db.update(intakeSource).set({ lastUsedAt: now }).where(eq(intakeSource.id, source.id));
}
