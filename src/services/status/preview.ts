import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { audience, type ComponentStatus, component } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { ANONYMOUS, audienceViewer, canSee, heldStatuses, loadHolds, type StatusSpan, TEAM, type Viewer } from "../../projection/index.ts";

/** What one audience would see: each named component's status for them. */
export interface StatusView {
  who: string;
  statuses: { componentId: string; name: string; status: ComponentStatus }[];
}

/** A change not yet published: an incident's new holds (or its resolution). */
export interface ProposedHolds {
  incidentId?: string;
  incidentVisibility: string;
  changes: { id: string; status: ComponentStatus }[];
  resolving?: boolean;
}

/**
 * The status each audience (public, every custom audience, the team) would see for these
 * components if the proposal were published — the same holds rule the public page uses.
 */
export async function previewStatuses(deps: Pick<Deps, "db">, componentIds: string[], proposal?: ProposedHolds): Promise<StatusView[]> {
  if (!componentIds.length) return [];
  const [comps, audiences] = await Promise.all([
    deps.db
      .select({ id: component.id, name: component.name, visibility: component.visibility })
      .from(component)
      .where(and(inArray(component.id, componentIds), isNull(component.deletedAt)))
      .orderBy(asc(component.name)),
    deps.db
      .select({ slug: audience.slug, name: audience.name })
      .from(audience)
      .where(eq(audience.kind, "custom"))
      .orderBy(asc(audience.precedence)),
  ]);
  const viewers: { who: string; viewer: Viewer }[] = [
    { who: "Public", viewer: ANONYMOUS },
    ...audiences.map((a) => ({ who: a.name, viewer: audienceViewer("preview", [a.slug]) })),
    { who: "Team", viewer: TEAM },
  ];
  return Promise.all(
    viewers.map(async ({ who, viewer }) => {
      const held = heldStatuses(withProposal(await loadHolds(deps.db, viewer), viewer, proposal), Number.POSITIVE_INFINITY);
      const statuses = comps
        .filter((c) => canSee(viewer, c.visibility))
        .map((c) => ({ componentId: c.id, name: c.name, status: held.get(c.id) ?? ("operational" as const) }));
      return { who, statuses };
    }),
  );
}

/** The viewer's open holds with the proposal applied: its incident's named holds replaced, or all released. */
function withProposal(spans: StatusSpan[], viewer: Viewer, p: ProposedHolds | undefined): StatusSpan[] {
  if (!p) return spans;
  const named = new Set(p.changes.map((c) => c.id));
  const kept = spans.filter((s) => !p.incidentId || s.incident?.id !== p.incidentId || (!p.resolving && !named.has(s.componentId)));
  if (p.resolving || !canSee(viewer, p.incidentVisibility)) return kept;
  const ref = { id: p.incidentId ?? "proposed", kind: "incident" as const, title: "" };
  return [...kept, ...p.changes.map((c) => ({ componentId: c.id, status: c.status, from: 0, to: null, incident: ref }))];
}
