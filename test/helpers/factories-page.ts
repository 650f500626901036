import {
  audience,
  type ComponentStatus,
  incident,
  incidentComponent,
  incidentUpdate,
  message,
  viewerSession,
} from "../../db/schema/index.ts";
import { type Actor, SYSTEM } from "../../src/auth/permissions.ts";
import { issueToken } from "../../src/auth/secrets.ts";
import type { Deps } from "../../src/deps.ts";
import { newId } from "../../src/lib/ids.ts";
import { VIEWER_COOKIE } from "../../src/projection/index.ts";
import { createComponent } from "../../src/services/components/create.ts";
import type { ComponentJson } from "../../src/services/components/shared.ts";
import { bumpContentVersion } from "../../src/services/content-version.ts";
import { createGroup } from "../../src/services/groups/create.ts";
import type { GroupJson } from "../../src/services/groups/shared.ts";

const ctx = { actor: SYSTEM as Actor, requestId: "factory" };

export function makeGroup(deps: Deps, over: Partial<Parameters<typeof createGroup>[2]> = {}): Promise<GroupJson> {
  return createGroup(deps, ctx, { name: `Group ${newId().slice(0, 4)}`, visibility: "public", ...over });
}

export function makeComponent(deps: Deps, over: Partial<Parameters<typeof createComponent>[2]> = {}): Promise<ComponentJson> {
  return createComponent(deps, ctx, { name: `Component ${newId().slice(0, 4)}`, visibility: "public", ...over });
}

/** An audience row (the incident engineer's table), idempotent by slug. */
export async function makeAudience(deps: Deps, slug: string, domains: string[] = []): Promise<void> {
  const now = deps.clock.now();
  await deps.db
    .insert(audience)
    .values({ id: newId(), slug, name: slug, kind: "custom", domains, precedence: 10, createdAt: now, updatedAt: now })
    .onConflictDoNothing();
}

/** A verified audience viewer's cookie header, for an email whose domain an audience claims. */
export async function makeViewerCookie(deps: Deps, email: string): Promise<Record<string, string>> {
  const issued = issueToken();
  const now = deps.clock.now();
  await deps.db.insert(viewerSession).values({
    id: issued.id,
    email,
    secretHash: Buffer.from(issued.secretHash),
    createdAt: now,
    expiresAt: new Date(now.getTime() + 86_400_000),
  });
  return { cookie: `${VIEWER_COOKIE}=${issued.token}` };
}

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
