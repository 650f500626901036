import { and, asc, count, eq, gte, inArray, isNotNull, ne, or, sql } from "drizzle-orm";
import {
  component,
  feedback,
  incident,
  incidentComponent,
  incidentUpdate,
  message,
  preventionCommitment,
  subscriber,
} from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";

/** Runs one dashboard query and records how long it took (the page reports it; target ≤ 100 ms). */
async function timed<T>(timings: Record<string, number>, name: string, run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await run();
  timings[name] = Math.round((performance.now() - t0) * 10) / 10;
  return out;
}

/** Raw rows for the insights window; aggregation is pure (aggregate.ts). */
export async function loadInsightRows(deps: Pick<Deps, "db">, since: Date) {
  const timings: Record<string, number> = {};
  const { db } = deps;
  // Drills are practice: they never count in the team's figures.
  const inWindow = and(eq(incident.kind, "incident"), eq(incident.draft, false), eq(incident.drill, false), gte(incident.startedAt, since));
  const incidents = await timed(timings, "incidents", () =>
    db
      .select({
        id: incident.id,
        impact: incident.impact,
        startedAt: incident.startedAt,
        createdAt: incident.createdAt,
        resolvedAt: incident.resolvedAt,
      })
      .from(incident)
      .where(inWindow),
  );
  const updates = await timed(timings, "updates", () =>
    db
      .select({
        incidentId: incidentUpdate.incidentId,
        id: incidentUpdate.id,
        kind: incidentUpdate.kind,
        status: incidentUpdate.status,
        displayAt: incidentUpdate.displayAt,
        createdAt: incidentUpdate.createdAt,
        nextUpdateBy: incidentUpdate.nextUpdateBy,
        retractedAt: incidentUpdate.retractedAt,
      })
      .from(incidentUpdate)
      .innerJoin(incident, eq(incident.id, incidentUpdate.incidentId))
      .where(inWindow)
      .orderBy(asc(incidentUpdate.createdAt)),
  );
  const published = await timed(timings, "published", () =>
    db
      .selectDistinct({ updateId: message.updateId })
      .from(message)
      .innerJoin(incidentUpdate, eq(incidentUpdate.id, message.updateId))
      .innerJoin(incident, eq(incident.id, incidentUpdate.incidentId))
      .where(and(inWindow, ne(message.kind, "internal"))),
  );
  const components = await timed(timings, "components", () =>
    db
      .select({ name: component.name, n: count() })
      .from(incidentComponent)
      .innerJoin(incident, eq(incident.id, incidentComponent.incidentId))
      .innerJoin(component, eq(component.id, incidentComponent.componentId))
      .where(inWindow)
      .groupBy(component.id)
      .orderBy(sql`count(*) desc`),
  );
  const commitments = await timed(timings, "commitments", () =>
    db
      .select({
        state: preventionCommitment.state,
        dueAt: preventionCommitment.dueAt,
        createdAt: preventionCommitment.createdAt,
        stateChangedAt: preventionCommitment.stateChangedAt,
      })
      .from(preventionCommitment)
      .where(or(gte(preventionCommitment.createdAt, since), inArray(preventionCommitment.state, ["planned", "in_progress"]))),
  );
  const votes = await timed(timings, "feedback", () =>
    db
      .select({ helpful: feedback.helpful, rating: feedback.rating, createdAt: feedback.createdAt })
      .from(feedback)
      .where(gte(feedback.createdAt, since)),
  );
  const subscribers = await timed(timings, "subscribers", () =>
    db
      .select({ confirmedAt: subscriber.confirmedAt, unsubscribedAt: subscriber.unsubscribedAt, suppressedAt: subscriber.suppressedAt })
      .from(subscriber)
      .where(isNotNull(subscriber.confirmedAt)),
  );
  return { incidents, updates, published: new Set(published.map((p) => p.updateId)), components, commitments, votes, subscribers, timings };
}

export type InsightRows = Awaited<ReturnType<typeof loadInsightRows>>;
