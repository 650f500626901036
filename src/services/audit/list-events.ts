import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { auditEvent } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import type { AuditQuery } from "../team/schemas.ts";

export interface AuditEventView {
  id: number;
  at: string;
  actor: { type: string; id: string | null; label: string | null };
  action: string;
  resource: { type: string; id: string | null };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
}

/** Newest first, filtered; `before` is the id to page from (keyset pagination). */
export async function listAuditEvents(
  deps: Pick<Deps, "db">,
  query: AuditQuery,
): Promise<{ events: AuditEventView[]; nextBefore: number | null }> {
  const where: SQL[] = [];
  if (query.action) where.push(eq(auditEvent.action, query.action));
  if (query.resourceType) where.push(eq(auditEvent.resourceType, query.resourceType));
  if (query.resourceId) where.push(eq(auditEvent.resourceId, query.resourceId));
  if (query.actorId) where.push(eq(auditEvent.actorId, query.actorId));
  if (query.before) where.push(lt(auditEvent.id, query.before));
  const rows = await deps.db
    .select()
    .from(auditEvent)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditEvent.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    events: page.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
      action: e.action,
      resource: { type: e.resourceType, id: e.resourceId },
      before: e.before,
      after: e.after,
      requestId: e.requestId,
      ip: e.ip,
    })),
    nextBefore: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
