import { asc, desc, eq } from "drizzle-orm";
import { component, escalation, escalationContact, teamMember } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { maskSecretUrl, maySeeSecrets } from "../../auth/secret-fields.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError, ValidationError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { assertPublicTarget } from "../../notify/webhook-send.ts";
import { recordAudit } from "../audit/record.ts";
import type { CreateContact } from "./schemas.ts";

export interface ContactJson {
  id: string;
  componentId: string | null;
  category: string | null;
  level: number;
  memberId: string | null;
  email: string | null;
  webhookUrl: string | null;
  ackMinutes: number;
}

/** On-call contacts; a chat webhook URL is a credential, so only readers who may see secrets get it whole. */
export async function listContacts(deps: Pick<Deps, "db">, ctx: ServiceContext): Promise<ContactJson[]> {
  authorize(ctx, "console.read");
  const rows = await deps.db.select().from(escalationContact).orderBy(asc(escalationContact.level), asc(escalationContact.createdAt));
  const whole = maySeeSecrets(ctx.actor);
  return rows.map(({ createdAt: _, ...r }) => ({ ...r, webhookUrl: r.webhookUrl && !whole ? maskSecretUrl(r.webhookUrl) : r.webhookUrl }));
}

export async function createContact(
  deps: Pick<Deps, "db" | "clock" | "env">,
  ctx: ServiceContext,
  input: CreateContact,
): Promise<ContactJson> {
  authorize(ctx, "settings.write");
  if (input.webhookUrl) {
    try {
      await assertPublicTarget(input.webhookUrl, deps.env.WEBHOOK_ALLOW_PRIVATE);
    } catch (err) {
      throw new ValidationError("The webhook URL is not allowed", [{ path: "webhookUrl", message: (err as Error).message }]);
    }
  }
  return deps.db.transaction(async (tx) => {
    if (input.componentId && !(await tx.select({ id: component.id }).from(component).where(eq(component.id, input.componentId))).length)
      throw new ValidationError("Unknown component", [{ path: "componentId", message: "unknown component" }]);
    if (input.memberId && !(await tx.select({ id: teamMember.id }).from(teamMember).where(eq(teamMember.id, input.memberId))).length)
      throw new ValidationError("Unknown team member", [{ path: "memberId", message: "unknown team member" }]);
    const row: ContactJson = {
      id: newId(),
      componentId: input.componentId ?? null,
      category: input.category ?? null,
      level: input.level,
      memberId: input.memberId ?? null,
      email: input.email ?? null,
      webhookUrl: input.webhookUrl ?? null,
      ackMinutes: input.ackMinutes,
    };
    await tx.insert(escalationContact).values({ ...row, createdAt: deps.clock.now() });
    await recordAudit(tx, deps.clock, ctx, {
      action: "escalation_contact.create",
      resourceType: "escalation_contact",
      resourceId: row.id,
      after: { ...row },
    });
    return row;
  });
}

export async function deleteContact(deps: Pick<Deps, "db" | "clock">, ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, "settings.write");
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.delete(escalationContact).where(eq(escalationContact.id, id)).returning();
    if (!row) throw new NotFoundError("Escalation contact");
    await recordAudit(tx, deps.clock, ctx, {
      action: "escalation_contact.delete",
      resourceType: "escalation_contact",
      resourceId: id,
      before: { level: row.level, email: row.email, memberId: row.memberId },
    });
  });
}

export interface EscalationJson {
  id: string;
  title: string;
  signalId: string | null;
  incidentId: string | null;
  level: number;
  nextAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  timeToAckMs: number | null;
  exhaustedAt: string | null;
  createdAt: string;
}

export async function listEscalations(deps: Pick<Deps, "db">, limit = 100): Promise<EscalationJson[]> {
  const rows = await deps.db.select().from(escalation).orderBy(desc(escalation.createdAt)).limit(limit);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    signalId: r.signalId,
    incidentId: r.incidentId,
    level: r.level,
    nextAt: r.nextAt?.toISOString() ?? null,
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: r.acknowledgedBy,
    timeToAckMs: r.timeToAckMs,
    exhaustedAt: r.exhaustedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}
