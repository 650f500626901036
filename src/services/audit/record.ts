import type { DbOrTx } from "../../../db/client.ts";
import { auditEvent } from "../../../db/schema/index.ts";
import type { ServiceContext } from "../../auth/context.ts";
import { actorLabel } from "../../auth/permissions.ts";
import type { Clock } from "../../lib/clock.ts";

const SECRET_FIELDS = /password|secret|token|hash|key/i;

/** Removes anything that looks like a secret before it is written to the audit log. */
export function stripSecrets(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_FIELDS.test(k)) continue;
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

export interface AuditInput {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Appends one audit event; call it inside the transaction of the change it records. */
export async function recordAudit(tx: DbOrTx, clock: Clock, ctx: ServiceContext, input: AuditInput): Promise<void> {
  await tx.insert(auditEvent).values({
    at: clock.now(),
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    actorLabel: actorLabel(ctx.actor),
    action: input.action,
    resourceType: input.resourceType,
    resourceId: input.resourceId ?? null,
    before: stripSecrets(input.before),
    after: stripSecrets(input.after),
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  });
}
