import { asc, desc, eq, inArray } from "drizzle-orm";
import {
  closure,
  component,
  incidentComponent,
  incidentUpdate,
  message,
  preventionCommitment,
  teamMember,
  updateRevision,
} from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { parseVisibility, type Visibility } from "../../projection/index.ts";
import { CLOSED_STATUSES, requireIncident } from "./load.ts";

export interface TeamUpdate {
  id: string;
  kind: string;
  status: string;
  body: string | null;
  variants: { audience: string; body: string }[];
  internalNote: string | null;
  /** The components this step changed, with their names (the id when the component is gone). */
  components: { id: string; name: string; status: string }[];
  nextUpdateBy: Date | null;
  notify: boolean;
  authorId: string | null;
  revision: number;
  revisions: {
    revision: number;
    status: string;
    messages: { kind: string; audienceSlug: string | null; body: string }[];
    editedBy: string | null;
    createdAt: Date;
  }[];
  displayAt: Date;
  createdAt: Date;
  retractedAt: Date | null;
}

/**
 * Everything the team may see about one incident or maintenance, internal notes and
 * variants included. Console and admin API only — never for a public surface.
 */
export async function getIncidentForTeam(deps: Pick<Deps, "db" | "clock">, id: string) {
  const row = await requireIncident(deps.db, id, "any");
  const [links, updates, close, commitments, owner] = await Promise.all([
    deps.db
      .select({ id: component.id, name: component.name, status: incidentComponent.status, visibility: component.visibility })
      .from(incidentComponent)
      .innerJoin(component, eq(component.id, incidentComponent.componentId))
      .where(eq(incidentComponent.incidentId, id)),
    deps.db
      .select()
      .from(incidentUpdate)
      .where(eq(incidentUpdate.incidentId, id))
      .orderBy(desc(incidentUpdate.displayAt), desc(incidentUpdate.createdAt)),
    deps.db.select().from(closure).where(eq(closure.incidentId, id)),
    deps.db.select().from(preventionCommitment).where(eq(preventionCommitment.incidentId, id)).orderBy(asc(preventionCommitment.createdAt)),
    row.ownerId
      ? deps.db
          .select({ id: teamMember.id, name: teamMember.name, email: teamMember.email })
          .from(teamMember)
          .where(eq(teamMember.id, row.ownerId))
      : [],
  ]);
  const ids = updates.map((u) => u.id);
  const [messages, revisions] = ids.length
    ? await Promise.all([
        deps.db.select().from(message).where(inArray(message.updateId, ids)),
        deps.db.select().from(updateRevision).where(inArray(updateRevision.updateId, ids)).orderBy(asc(updateRevision.revision)),
      ])
    : [[], []];
  const now = deps.clock.now().getTime();
  const names = new Map(links.map((l) => [l.id, l.name]));
  const teamUpdates = updates.map(
    (u): TeamUpdate => ({
      id: u.id,
      kind: u.kind,
      status: u.status,
      body: messages.find((m) => m.updateId === u.id && m.kind === "public")?.body ?? null,
      variants: messages
        .filter((m) => m.updateId === u.id && m.kind === "variant")
        .map((m) => ({ audience: m.audienceSlug as string, body: m.body })),
      internalNote: messages.find((m) => m.updateId === u.id && m.kind === "internal")?.body ?? null,
      components: u.componentChanges.map((c) => ({ ...c, name: names.get(c.id) ?? c.id })),
      nextUpdateBy: u.nextUpdateBy,
      notify: u.notify,
      authorId: u.authorId,
      revision: u.revision,
      revisions: revisions
        .filter((r) => r.updateId === u.id)
        .map(({ revision, status, messages, editedBy, createdAt }) => ({ revision, status, messages, editedBy, createdAt })),
      displayAt: u.displayAt,
      createdAt: u.createdAt,
      retractedAt: u.retractedAt,
    }),
  );
  return {
    ...row,
    visibility: parseVisibility(row.visibility) as Visibility,
    overdue: Boolean(row.nextUpdateBy && !row.resolvedAt && row.nextUpdateBy.getTime() < now),
    owner: owner[0] ?? null,
    components: links.map((l) => ({ ...l, visibility: parseVisibility(l.visibility) })),
    updates: teamUpdates,
    closure: teamClosure(row.status, close[0], teamUpdates),
    commitments: commitments.map((c) => ({ ...c, visibility: parseVisibility(c.visibility) })),
  };
}
export interface TeamClosure {
  updateId: string;
  summary: string | null;
  apologyUpdateId: string | null;
  apology: string | null;
  apologyVariants: { audience: string; body: string }[];
}

/** The closure in force as the team sees it (every variant); null while reopened or once retracted. */
function teamClosure(status: string, link: typeof closure.$inferSelect | undefined, updates: TeamUpdate[]): TeamClosure | null {
  const live = (id: string | null) => updates.find((u) => u.id === id && !u.retractedAt);
  const summary = link && CLOSED_STATUSES.includes(status) ? live(link.updateId) : undefined;
  if (!link || !summary) return null;
  const apology = live(link.apologyUpdateId);
  return {
    updateId: link.updateId,
    summary: summary.body,
    apologyUpdateId: apology?.id ?? null,
    apology: apology?.body ?? null,
    apologyVariants: apology?.variants ?? [],
  };
}

export type TeamIncident = Awaited<ReturnType<typeof getIncidentForTeam>>;
