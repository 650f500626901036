import { asc, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { type ComponentStatus, component, componentGroup } from "../../db/schema/index.ts";
import { loadHolds, type StatusSpan } from "./history.ts";
import { heldStatuses } from "./status.ts";
import type { Viewer } from "./viewer.ts";
import { canSee } from "./visibility.ts";

export interface ProjectedComponent {
  id: string;
  name: string;
  description: string | null;
  status: ComponentStatus;
  groupId: string | null;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProjectedGroup {
  id: string;
  name: string;
  description: string | null;
  position: number;
  createdAt: Date;
  updatedAt: Date;
  components: ProjectedComponent[];
}

export interface ComponentTree {
  /** Groups with at least one visible component, in position order. */
  groups: ProjectedGroup[];
  /** Visible components outside any visible group. */
  ungrouped: ProjectedComponent[];
  /** Every visible component, in page order. */
  all: ProjectedComponent[];
}

/**
 * The components and groups a viewer may see, each with its status for that viewer (the worst
 * hold they may see). Pass the viewer's spans when already loaded; otherwise open holds are read.
 */
export async function loadComponentTree(
  db: DbOrTx,
  viewer: Viewer,
  known?: { spans: readonly StatusSpan[]; now: Date },
): Promise<ComponentTree> {
  const [groups, components, spans] = await Promise.all([
    db
      .select()
      .from(componentGroup)
      .where(isNull(componentGroup.deletedAt))
      .orderBy(asc(componentGroup.position), asc(componentGroup.name)),
    db.select().from(component).where(isNull(component.deletedAt)).orderBy(asc(component.position), asc(component.name)),
    known ? known.spans : loadHolds(db, viewer),
  ]);
  const held = heldStatuses(spans, known ? known.now.getTime() : Number.POSITIVE_INFINITY);
  const visibleGroups = new Map(
    groups.filter((g) => canSee(viewer, g.visibility)).map((g) => [g.id, { ...pickGroup(g), components: [] as ProjectedComponent[] }]),
  );
  const ungrouped: ProjectedComponent[] = [];
  for (const c of components) {
    if (!canSee(viewer, c.visibility)) continue;
    const projected = pickComponent(c, held.get(c.id) ?? "operational");
    const group = c.groupId ? visibleGroups.get(c.groupId) : undefined;
    if (group) group.components.push(projected);
    else ungrouped.push({ ...projected, groupId: null });
  }
  const tree = [...visibleGroups.values()].filter((g) => g.components.length);
  return { groups: tree, ungrouped, all: [...tree.flatMap((g) => g.components), ...ungrouped] };
}

function pickComponent(c: typeof component.$inferSelect, status: ComponentStatus): ProjectedComponent {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    status,
    groupId: c.groupId,
    position: c.position,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

function pickGroup(g: typeof componentGroup.$inferSelect): Omit<ProjectedGroup, "components"> {
  return { id: g.id, name: g.name, description: g.description, position: g.position, createdAt: g.createdAt, updatedAt: g.updatedAt };
}
