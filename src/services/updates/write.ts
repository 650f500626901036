import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { type ComponentStatus, incidentComponent, incidentUpdate, message, updateRevision } from "../../../db/schema/index.ts";
import type { Clock } from "../../lib/clock.ts";
import { newId } from "../../lib/ids.ts";

export interface NewUpdate {
  incidentId: string;
  kind?: "update" | "closure" | "apology" | "commitment" | "postmortem" | "correction";
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
 * Replaces an update's words: the current messages become a stored revision the team can
 * read, the new ones take their place. Returns the new revision number.
 */
export async function reviseMessages(
  tx: DbOrTx,
  clock: Clock,
  editedBy: string | null,
  row: { id: string; revision: number; status: string },
  current: { kind: string; audienceSlug: string | null; body: string; translations?: Record<string, string> }[],
  next: { body: string | null; variants: { audience: string; body: string }[]; internalNote?: string | null },
): Promise<number> {
  await tx.insert(updateRevision).values({
    id: newId(),
    updateId: row.id,
    revision: row.revision,
    status: row.status,
    messages: current.map((m) => ({ kind: m.kind, audienceSlug: m.audienceSlug, body: m.body })),
    editedBy,
    createdAt: clock.now(),
  });
  await tx.delete(message).where(eq(message.updateId, row.id));
  await insertMessages(tx, clock, row.id, next);
  await keepTranslations(tx, row.id, current);
  const revision = row.revision + 1;
  await tx.update(incidentUpdate).set({ revision, updatedAt: clock.now() }).where(eq(incidentUpdate.id, row.id));
  return revision;
}

/** A message whose words did not change keeps its translations; changed words need translating again. */
async function keepTranslations(
  tx: DbOrTx,
  updateId: string,
  previous: { kind: string; audienceSlug: string | null; body: string; translations?: Record<string, string> }[],
): Promise<void> {
  for (const p of previous) {
    if (p.kind === "internal" || !p.translations || !Object.keys(p.translations).length) continue;
    const same = [eq(message.updateId, updateId), eq(message.kind, p.kind as "public" | "variant"), eq(message.body, p.body)];
    if (p.audienceSlug) same.push(eq(message.audienceSlug, p.audienceSlug));
    await tx
      .update(message)
      .set({ translations: p.translations })
      .where(and(...same));
  }
}

/**
 * Links components to the incident and sets its hold on each (status model: the incident holds a
 * component at this status until it resolves or a later update changes it). The component's own
 * row is a person's manual hold and is not touched, so closing one incident cannot clear another's.
 * One statement whatever the number of components: on a libSQL server each statement is a round trip.
 */
async function applyComponentHolds(tx: DbOrTx, incidentId: string, requested: { id: string; status: ComponentStatus }[]): Promise<void> {
  if (!requested.length) return;
  const changes = [...new Map(requested.map((c) => [c.id, c])).values()]; // the last word on a component wins
  await tx
    .insert(incidentComponent)
    .values(changes.map((c) => ({ incidentId, componentId: c.id, status: c.status })))
    .onConflictDoUpdate({ target: [incidentComponent.incidentId, incidentComponent.componentId], set: { status: sql`excluded.status` } });
}

/** The components linked to an incident, with their incident status. */
export async function linkedComponents(tx: DbOrTx, incidentId: string): Promise<{ id: string; status: ComponentStatus }[]> {
  return tx
    .select({ id: incidentComponent.componentId, status: incidentComponent.status })
    .from(incidentComponent)
    .where(and(eq(incidentComponent.incidentId, incidentId)));
}
