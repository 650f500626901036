import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { type ComponentStatus, incidentComponent, incidentUpdate, message } from "../../../db/schema/index.ts";
import type { Clock } from "../../lib/clock.ts";
import { newId } from "../../lib/ids.ts";

export interface NewUpdate {
  incidentId: string;
  kind?: "update" | "closure" | "commitment" | "postmortem" | "correction";
  status: string;
  body: string | null;
  variants: { audience: string; body: string }[];
  internalNote?: string | null;
  components: { id: string; status: ComponentStatus }[];
  nextUpdateBy?: Date | null;
  notify: boolean;
  authorId: string | null;
}

/** Writes one timeline step and its messages; the caller owns the transaction, audit and outbox. */
export async function insertUpdate(tx: DbOrTx, clock: Clock, input: NewUpdate): Promise<string> {
  const id = newId();
  const now = clock.now();
  await tx.insert(incidentUpdate).values({
    id,
    incidentId: input.incidentId,
    kind: input.kind ?? "update",
    status: input.status,
    componentChanges: input.components,
    nextUpdateBy: input.nextUpdateBy ?? null,
    notify: input.notify,
    authorId: input.authorId,
    displayAt: now,
    createdAt: now,
    updatedAt: now,
  });
  await insertMessages(tx, clock, id, input);
  await applyComponentHolds(tx, input.incidentId, input.components);
  return id;
}

export async function insertMessages(
  tx: DbOrTx,
  clock: Clock,
  updateId: string,
  input: { body: string | null; variants: { audience: string; body: string }[]; internalNote?: string | null },
): Promise<void> {
  const createdAt = clock.now();
  const rows = [
    ...(input.body ? [{ id: newId(), updateId, kind: "public" as const, audienceSlug: null, body: input.body, createdAt }] : []),
    ...input.variants.map((v) => ({ id: newId(), updateId, kind: "variant" as const, audienceSlug: v.audience, body: v.body, createdAt })),
    ...(input.internalNote
      ? [{ id: newId(), updateId, kind: "internal" as const, audienceSlug: null, body: input.internalNote, createdAt }]
      : []),
  ];
  if (rows.length) await tx.insert(message).values(rows);
}

/**
 * Links components to the incident and sets its hold on each (status model: the incident holds a
 * component at this status until it resolves or a later update changes it). The component's own
 * row is a person's manual hold and is not touched, so closing one incident cannot clear another's.
 */
async function applyComponentHolds(tx: DbOrTx, incidentId: string, changes: { id: string; status: ComponentStatus }[]): Promise<void> {
  for (const change of changes) {
    await tx
      .insert(incidentComponent)
      .values({ incidentId, componentId: change.id, status: change.status })
      .onConflictDoUpdate({ target: [incidentComponent.incidentId, incidentComponent.componentId], set: { status: change.status } });
  }
}

/** The components linked to an incident, with their incident status. */
export async function linkedComponents(tx: DbOrTx, incidentId: string): Promise<{ id: string; status: ComponentStatus }[]> {
  return tx
    .select({ id: incidentComponent.componentId, status: incidentComponent.status })
    .from(incidentComponent)
    .where(and(eq(incidentComponent.incidentId, incidentId)));
}
