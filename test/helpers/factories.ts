import { eq } from "drizzle-orm";
import { audience } from "../../db/schema/index.ts";
import { type Actor, SYSTEM } from "../../src/auth/permissions.ts";
import { createViewerSession } from "../../src/auth/viewer-sessions.ts";
import type { Deps } from "../../src/deps.ts";
import { newId } from "../../src/lib/ids.ts";
import { VIEWER_COOKIE } from "../../src/projection/index.ts";
import { createComponent } from "../../src/services/components/create.ts";
import type { ComponentJson } from "../../src/services/components/shared.ts";
import { createGroup } from "../../src/services/groups/create.ts";
import type { GroupJson } from "../../src/services/groups/shared.ts";

/** The one place tests make records: shared makers here, fan-out and page fixtures beside it. */
export { makeSubscribers, type PublishSpec, publishIncident, publishUpdate, type SubscriberSpec } from "./factories-delivery.ts";
export { type IncidentSpec, makeIncident } from "./factories-page.ts";

const ctx = { actor: SYSTEM as Actor, requestId: "factory" };

/** A component group, made through the service (audit row and content version included). */
export function makeGroup(deps: Deps, over: Partial<Parameters<typeof createGroup>[2]> = {}): Promise<GroupJson> {
  return createGroup(deps, ctx, { name: `Group ${newId().slice(0, 4)}`, visibility: "public", ...over });
}

/** A component, made through the service; fan-out tests use its `.id`. */
export function makeComponent(deps: Deps, over: Partial<Parameters<typeof createComponent>[2]> = {}): Promise<ComponentJson> {
  return createComponent(deps, ctx, { name: `Component ${newId().slice(0, 4)}`, visibility: "public", ...over });
}

/** An audience row, idempotent by slug; returns its id. Lower precedence wins when two claim a viewer. */
export async function makeAudience(
  deps: Pick<Deps, "db" | "clock">,
  slug: string,
  domains: string[] = [],
  precedence = 100,
): Promise<string> {
  const now = deps.clock.now();
  await deps.db
    .insert(audience)
    .values({ id: newId(), slug, name: slug, kind: "custom", domains, precedence, createdAt: now, updatedAt: now })
    .onConflictDoNothing();
  const [row] = await deps.db.select({ id: audience.id }).from(audience).where(eq(audience.slug, slug));
  if (!row) throw new Error(`audience ${slug} missing after insert`);
  return row.id;
}

/** A verified audience viewer's cookie header, for an email whose domain an audience claims. */
export async function makeViewerCookie(deps: Deps, email: string): Promise<Record<string, string>> {
  const { token } = await createViewerSession(deps.db, email, deps.clock.now());
  return { cookie: `${VIEWER_COOKIE}=${token}` };
}
