import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.ts";
import { component, teamMember } from "../../../db/schema/index.ts";
import type { ServiceContext } from "../../auth/context.ts";
import { can } from "../../auth/permissions.ts";
import { type ErrorDetail, ForbiddenError, ValidationError } from "../../lib/errors.ts";
import { audienceViewer, canSee } from "../../projection/index.ts";
import { requireAudiences } from "../audiences/check.ts";

/** Restricted = shown to named audiences: only communicators and above may publish there. */
export function isRestricted(stored: string): boolean {
  return stored !== "public" && stored !== "internal";
}

export function assertMayPublishRestricted(ctx: ServiceContext, what: string): void {
  if (!can(ctx.actor, "incident.publish_restricted")) {
    throw new ForbiddenError(`Your role or token scopes do not allow incident.publish_restricted (${what})`);
  }
}

/** Writing to an incident shown to named audiences (title, updates, edits, retractions) is publishing there. */
export function assertMayWriteIncident(ctx: ServiceContext, storedVisibility: string): void {
  if (isRestricted(storedVisibility)) assertMayPublishRestricted(ctx, "an incident shown to named audiences");
}

/** Incidents, commitments and problems store visibility by the one rule in the projection. */
export { storedVisibility } from "../../projection/index.ts";

/** Variants go to custom audiences that can see the incident; an internal incident has none. */
export async function checkVariants(
  db: DbOrTx,
  incidentVisibility: string,
  variants: { audience: string }[],
  path = "variants",
): Promise<void> {
  if (!variants.length) return;
  const rows = await requireAudiences(
    db,
    variants.map((v, i) => ({ slug: v.audience, path: `${path}.${i}.audience` })),
  );
  const bad: ErrorDetail[] = [];
  variants.forEach((v, i) => {
    if (rows.get(v.audience)?.kind === "builtin")
      bad.push({ path: `${path}.${i}.audience`, message: "variants are for custom audiences; the public text is body" });
    else if (!canSee(audienceViewer("x", [v.audience]), incidentVisibility))
      bad.push({ path: `${path}.${i}.audience`, message: `audience "${v.audience}" cannot see this incident` });
  });
  if (bad.length) throw new ValidationError("A variant names an audience it cannot reach", bad);
}

/**
 * An incident may only reference components that everyone who sees the incident may see,
 * so no viewer is told about an incident on a component hidden from them (internal incidents may reference any).
 */
export async function checkComponents(
  db: DbOrTx,
  incidentVisibility: string,
  changes: { id: string }[],
  path = "components",
): Promise<void> {
  if (!changes.length) return;
  const rows = await db
    .select({ id: component.id, visibility: component.visibility })
    .from(component)
    .where(
      and(
        inArray(
          component.id,
          changes.map((c) => c.id),
        ),
        isNull(component.deletedAt),
      ),
    );
  const found = new Map(rows.map((r) => [r.id, r.visibility]));
  const bad: ErrorDetail[] = [];
  changes.forEach((c, i) => {
    const vis = found.get(c.id);
    if (vis === undefined) bad.push({ path: `${path}.${i}.id`, message: "no such component" });
    else if (!coversIncident(incidentVisibility, vis))
      bad.push({
        path: `${path}.${i}.id`,
        message: `component visibility "${vis}" is narrower than the incident's "${incidentVisibility}"`,
      });
  });
  if (bad.length) throw new ValidationError("The incident cannot reference these components", bad);
}

function coversIncident(incidentVisibility: string, componentVisibility: string): boolean {
  if (incidentVisibility === "internal" || componentVisibility === "public") return true;
  if (incidentVisibility === "public" || componentVisibility === "internal") return false;
  return incidentVisibility.split(",").every((slug) => canSee(audienceViewer("x", [slug]), componentVisibility));
}

export async function checkOwner(db: DbOrTx, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId) return;
  const [m] = await db
    .select({ id: teamMember.id })
    .from(teamMember)
    .where(and(eq(teamMember.id, ownerId), isNull(teamMember.disabledAt)));
  if (!m) throw new ValidationError("Unknown owner", [{ path: "ownerId", message: "no active team member with this id" }]);
}

export function checkFuture(now: Date, at: Date | null | undefined, path: string): void {
  if (at && at.getTime() <= now.getTime())
    throw new ValidationError(`${path} must be in the future`, [{ path, message: "must be in the future" }]);
}
