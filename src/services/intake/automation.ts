import { and, eq, ne } from "drizzle-orm";
import { type ComponentStatus, component, signal } from "../../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { updateComponent } from "../components/update.ts";
import type { RuleRow, SignalRow } from "./process.ts";
import { takenOver } from "./taken-over.ts";

type Held = SignalRow["autoStatus"];

/** Other firing signals that hold an automatic status on these components. */
async function otherHolders(deps: Pick<Deps, "db">, signalId: string): Promise<Held> {
  const rows = await deps.db
    .select({ autoStatus: signal.autoStatus })
    .from(signal)
    .where(and(eq(signal.status, "firing"), ne(signal.id, signalId)));
  return rows.flatMap((r) => r.autoStatus);
}

/**
 * Sets the rule's component status (Statuspage-style automation) and remembers what to restore.
 * If another alert already holds a component, its remembered status is the one to restore.
 */
export async function applyAutoStatus(deps: Deps, ctx: ServiceContext, row: SignalRow, rule: RuleRow): Promise<void> {
  authorize(ctx, "component.write");
  if (!rule.componentStatus || (await takenOver(deps.db, row.incidentId))) return;
  const held = await otherHolders(deps, row.id);
  const applied: Held = [];
  for (const componentId of rule.componentIds) {
    const [current] = await deps.db.select({ status: component.status }).from(component).where(eq(component.id, componentId));
    if (!current) continue;
    const previous = held.find((h) => h.id === componentId)?.previous ?? current.status;
    if (current.status !== rule.componentStatus)
      await updateComponent(deps, ctx, componentId, { status: rule.componentStatus as ComponentStatus });
    applied.push({ id: componentId, status: rule.componentStatus, previous });
  }
  await deps.db.update(signal).set({ autoStatus: applied }).where(eq(signal.id, row.id));
}

/**
 * On resolve: puts each component back, unless a person changed it since (its status is no longer
 * ours), a person has taken the incident over, or another firing alert still holds it.
 */
export async function restoreAutoStatus(deps: Deps, ctx: ServiceContext, row: SignalRow): Promise<void> {
  authorize(ctx, "component.write");
  const human = await takenOver(deps.db, row.incidentId);
  const held = await otherHolders(deps, row.id);
  for (const entry of row.autoStatus) {
    if (human || held.some((h) => h.id === entry.id)) continue;
    const [current] = await deps.db.select({ status: component.status }).from(component).where(eq(component.id, entry.id));
    if (current?.status !== entry.status) continue;
    await updateComponent(deps, ctx, entry.id, { status: entry.previous as ComponentStatus });
  }
  await deps.db.update(signal).set({ autoStatus: [] }).where(eq(signal.id, row.id));
}
