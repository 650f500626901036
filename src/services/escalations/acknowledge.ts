import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { and, eq, isNull } from "drizzle-orm";
import { escalation, signal } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { actorLabel } from "../../auth/permissions.ts";
import { hashSecret } from "../../auth/secrets.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { ID_PATTERN } from "../../lib/ids.ts";
import { recordAudit } from "../audit/record.ts";

export interface Acknowledged {
  id: string;
  title: string;
  timeToAckMs: number;
  alreadyAcknowledged: boolean;
}

export type EscalationRow = typeof escalation.$inferSelect;

/** Finds the escalation an emailed token names; null for anything unknown or forged (constant-time compare). */
export async function findByAckToken(deps: Pick<Deps, "db">, token: string): Promise<EscalationRow | null> {
  const [id, mac, ...rest] = token.split(".");
  if (!id || !mac || rest.length || !ID_PATTERN.test(id) || mac.length > 128) return null;
  const [row] = await deps.db.select().from(escalation).where(eq(escalation.id, id));
  if (!row) return null;
  const stored = new Uint8Array(row.ackTokenHash);
  const candidate = hashSecret(token);
  return stored.byteLength === candidate.byteLength && constantTimeEqual(stored, candidate) ? row : null;
}

/** Stops an escalation and records the time to acknowledge (by the emailed link or in the console). */
export async function acknowledgeEscalation(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, id: string): Promise<Acknowledged> {
  authorize(ctx, "incident.write");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(escalation).where(eq(escalation.id, id));
    if (!row) throw new NotFoundError("Escalation");
    if (row.acknowledgedAt) return { id, title: row.title, timeToAckMs: row.timeToAckMs ?? 0, alreadyAcknowledged: true };
    const timeToAckMs = now.getTime() - row.createdAt.getTime();
    const by = actorLabel(ctx.actor);
    await tx.update(escalation).set({ acknowledgedAt: now, acknowledgedBy: by, timeToAckMs, nextAt: null }).where(eq(escalation.id, id));
    if (row.signalId)
      await tx
        .update(signal)
        .set({ acknowledgedAt: now })
        .where(and(eq(signal.id, row.signalId), isNull(signal.acknowledgedAt)));
    await recordAudit(tx, deps.clock, ctx, {
      action: "escalation.acknowledge",
      resourceType: "escalation",
      resourceId: id,
      after: { level: row.level, timeToAckMs },
    });
    return { id, title: row.title, timeToAckMs, alreadyAcknowledged: false };
  });
}
