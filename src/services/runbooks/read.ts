import { and, asc, desc, eq, inArray, isNotNull, or } from "drizzle-orm";
import { component, incident, incidentComponent, runbook, runbookVersion } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError } from "../../lib/errors.ts";

export type RunbookVersionRow = typeof runbookVersion.$inferSelect;

export interface RunbookSummary {
  id: string;
  title: string;
  componentId: string | null;
  componentName: string | null;
  category: string | null;
  currentVersion: number;
  updatedAt: Date;
}

const summary = {
  id: runbook.id,
  title: runbook.title,
  componentId: runbook.componentId,
  componentName: component.name,
  category: runbook.category,
  currentVersion: runbook.currentVersion,
  updatedAt: runbook.updatedAt,
};

export async function listRunbooks(deps: Pick<Deps, "db">): Promise<RunbookSummary[]> {
  return deps.db.select(summary).from(runbook).leftJoin(component, eq(component.id, runbook.componentId)).orderBy(asc(runbook.title));
}

/** A runbook with its current text, every published version (newest first) and open proposals. */
export async function getRunbook(
  deps: Pick<Deps, "db">,
  id: string,
): Promise<RunbookSummary & { body: string; versions: RunbookVersionRow[]; proposals: RunbookVersionRow[] }> {
  const [row] = await deps.db
    .select(summary)
    .from(runbook)
    .leftJoin(component, eq(component.id, runbook.componentId))
    .where(eq(runbook.id, id));
  if (!row) throw new NotFoundError(`Runbook ${id}`);
  const versions = await deps.db
    .select()
    .from(runbookVersion)
    .where(eq(runbookVersion.runbookId, id))
    .orderBy(desc(runbookVersion.createdAt));
  const published = versions.filter((v) => v.state === "published").sort((a, b) => (b.version ?? 0) - (a.version ?? 0));
  return { ...row, body: published[0]?.body ?? "", versions: published, proposals: versions.filter((v) => v.state === "proposed") };
}

/** The runbooks that apply to an incident: its category, or any component it affects. */
export async function runbooksForIncident(deps: Pick<Deps, "db">, incidentId: string): Promise<(RunbookSummary & { body: string })[]> {
  const [inc] = await deps.db.select({ category: incident.category }).from(incident).where(eq(incident.id, incidentId));
  if (!inc) return [];
  const components = deps.db
    .select({ id: incidentComponent.componentId })
    .from(incidentComponent)
    .where(eq(incidentComponent.incidentId, incidentId));
  const matches = await deps.db
    .select({ ...summary, body: runbookVersion.body })
    .from(runbook)
    .leftJoin(component, eq(component.id, runbook.componentId))
    .innerJoin(runbookVersion, and(eq(runbookVersion.runbookId, runbook.id), eq(runbookVersion.version, runbook.currentVersion)))
    .where(
      or(
        inc.category ? eq(runbook.category, inc.category) : undefined,
        and(isNotNull(runbook.componentId), inArray(runbook.componentId, components)),
      ),
    )
    .orderBy(asc(runbook.title));
  return matches;
}
