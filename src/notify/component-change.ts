import { and, desc, eq, isNull, lte, ne, or, type SQL, sql } from "drizzle-orm";
import type { ComponentStatus } from "../../db/schema/index.ts";
import { notification } from "../../db/schema/index.ts";
import type { Deps } from "../deps.ts";

/**
 * The coalescing window. A component change is announced this long after it happened, with the
 * state at that moment; a newer change of the same component within the window speaks instead
 * (the latest state wins), and a chain of changes that ends where it began sends nothing.
 */
export const COMPONENT_COALESCE_MS = 10 * 60_000;

/** What updateComponent records in the outbox: one status change of one component, by a person. */
export interface ComponentChange {
  componentId: string;
  from: ComponentStatus;
  to: ComponentStatus;
  /** Set at expansion: the state before the first change of the chain this one ends. */
  announcedFrom?: ComponentStatus;
}

/** Bulk notifications due for expansion: a component change only once its window has passed. */
export function expansionDue(now: Date): SQL {
  const settled = new Date(now.getTime() - COMPONENT_COALESCE_MS);
  return or(ne(notification.kind, "component.updated"), lte(notification.createdAt, settled)) as SQL;
}

type Row = { seq: number; createdAt: Date; payload: Record<string, unknown> | null };

/** Pure: the state the chain ending at `rows[0]` began from (rows newest first), following gaps shorter than the window. */
export function chainStart(rows: Row[]): ComponentStatus | null {
  let start = rows[0];
  for (const prev of rows.slice(1)) {
    if (!start || start.createdAt.getTime() - prev.createdAt.getTime() >= COMPONENT_COALESCE_MS) break;
    start = prev;
  }
  return ((start?.payload as ComponentChange | null)?.from ?? null) as ComponentStatus | null;
}

/**
 * Decides whether this change is announced: not when a newer change of the component exists
 * (that one speaks), not when the chain ends where it began. When it is, records the state it
 * is announced against in the notification's payload, for the render.
 */
export async function announcedChange(deps: Deps, n: typeof notification.$inferSelect): Promise<ComponentChange | null> {
  const change = n.payload as ComponentChange | null;
  if (!change?.componentId) return null;
  const same = and(
    eq(notification.kind, "component.updated"),
    sql`json_extract(${notification.payload}, '$.componentId') = ${change.componentId}`,
  );
  const rows = await deps.db
    .select({ seq: notification.seq, createdAt: notification.createdAt, payload: notification.payload })
    .from(notification)
    .where(same)
    .orderBy(desc(notification.seq))
    .limit(200);
  if (rows.some((r) => r.seq > n.seq)) return null;
  const from = chainStart(rows.filter((r) => r.seq <= n.seq)) ?? change.from;
  if (from === change.to) return null;
  const announced = { ...change, announcedFrom: from };
  await deps.db
    .update(notification)
    .set({ payload: announced as unknown as Record<string, unknown> })
    .where(and(eq(notification.id, n.id), isNull(notification.expandedAt)));
  return announced;
}
