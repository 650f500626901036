import { bumpContentVersion } from "../../db/content-version.ts";
import { type ComponentStatus, incident, incidentComponent, incidentUpdate, message } from "../../db/schema/index.ts";
import type { Deps } from "../../src/deps.ts";
import { newId } from "../../src/lib/ids.ts";

export interface IncidentSpec {
  kind?: "incident" | "maintenance";
  title?: string;
  impact?: "none" | "minor" | "major" | "critical";
  status?: string;
  visibility?: string;
  startedAt?: Date;
  resolvedAt?: Date | null;
  scheduledFor?: Date | null;
  scheduledUntil?: Date | null;
  components?: { id: string; status: ComponentStatus }[];
  /** Oldest first; each gets a public message, and optionally a variant and an internal note. */
  updates?: {
    status: string;
    body: string;
    at?: Date;
    variant?: { audience: string; body: string };
    internal?: string;
    /** The component statuses this update sets (default: the incident's components). */
    changes?: { id: string; status: ComponentStatus }[];
    retracted?: boolean;
  }[];
}

/** Inserts an incident with its rows directly (the incident services belong to another module). */
export async function makeIncident(deps: Deps, spec: IncidentSpec = {}): Promise<string> {
  const id = newId();
  const now = deps.clock.now();
  const startedAt = spec.startedAt ?? new Date(now.getTime() - 3_600_000);
  const kind = spec.kind ?? "incident";
  await deps.db.transaction(async (tx) => {
    await tx.insert(incident).values({
      id,
      kind,
      title: spec.title ?? `Incident ${id}`,
      impact: spec.impact ?? "minor",
      status: spec.status ?? (kind === "incident" ? "investigating" : "scheduled"),
      visibility: spec.visibility ?? "public",
      startedAt,
      resolvedAt: spec.resolvedAt ?? null,
      scheduledFor: spec.scheduledFor ?? null,
      scheduledUntil: spec.scheduledUntil ?? null,
      createdAt: startedAt,
      updatedAt: now,
    });
    for (const c of spec.components ?? [])
      await tx.insert(incidentComponent).values({ incidentId: id, componentId: c.id, status: c.status });
    for (const [n, u] of (spec.updates ?? [{ status: spec.status ?? "investigating", body: "We are looking into it." }]).entries()) {
      const updateId = newId();
      const at = u.at ?? new Date(startedAt.getTime() + n * 60_000);
      await tx.insert(incidentUpdate).values({
        id: updateId,
        incidentId: id,
        status: u.status,
        componentChanges: u.changes ?? spec.components ?? [],
        retractedAt: u.retracted ? at : null,
        displayAt: at,
        createdAt: at,
        updatedAt: at,
      });
      await tx.insert(message).values({ id: newId(), updateId, kind: "public", body: u.body, createdAt: at });
      if (u.variant)
        await tx
          .insert(message)
          .values({ id: newId(), updateId, kind: "variant", audienceSlug: u.variant.audience, body: u.variant.body, createdAt: at });
      if (u.internal) await tx.insert(message).values({ id: newId(), updateId, kind: "internal", body: u.internal, createdAt: at });
    }
    await bumpContentVersion(tx, deps.clock);
  });
  return id;
}
