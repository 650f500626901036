import { and, desc, eq, isNull, type SQL } from "drizzle-orm";
import { component, intakeSource, report, signal } from "../../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import type { ListReportsQuery } from "./report-schemas.ts";
import type { ListSignalsQuery } from "./schemas.ts";

export interface SignalJson {
  id: string;
  source: string;
  fingerprint: string;
  status: "firing" | "resolved";
  severity: string;
  summary: string;
  labels: Record<string, string>;
  componentIds: string[];
  ruleId: string | null;
  incidentId: string | null;
  eventCount: number;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  dismissedAt: string | null;
  dismissReason: string | null;
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

function signalJson({ s, source }: { s: typeof signal.$inferSelect; source: string }): SignalJson {
  return {
    id: s.id,
    source,
    fingerprint: s.fingerprint,
    status: s.status,
    severity: s.severity,
    summary: s.summary,
    labels: s.labels,
    componentIds: s.componentIds,
    ruleId: s.ruleId,
    incidentId: s.incidentId,
    eventCount: s.eventCount,
    firstSeenAt: s.firstSeenAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    resolvedAt: iso(s.resolvedAt),
    acknowledgedAt: iso(s.acknowledgedAt),
    dismissedAt: iso(s.dismissedAt),
    dismissReason: s.dismissReason,
  };
}

/** Signals for triage; "open" means not yet decided (no incident, not dismissed) and still firing. */
export async function listSignals(deps: Pick<Deps, "db">, q: ListSignalsQuery): Promise<SignalJson[]> {
  const where: SQL[] = [];
  if (q.state === "open") where.push(eq(signal.status, "firing"), isNull(signal.incidentId), isNull(signal.dismissedAt));
  if (q.state === "firing" || q.state === "resolved") where.push(eq(signal.status, q.state));
  const rows = await deps.db
    .select({ s: signal, source: intakeSource.name })
    .from(signal)
    .innerJoin(intakeSource, eq(intakeSource.id, signal.sourceId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(signal.lastSeenAt))
    .limit(q.limit);
  return rows.map(signalJson);
}

export interface ReportJson {
  id: string;
  what: string;
  componentId: string | null;
  email: string | null;
  channel: string;
  customer: string | null;
  organisation: string | null;
  state: string;
  incidentId: string | null;
  createdAt: string;
}
export interface ReportGroupJson {
  groupId: string;
  componentId: string | null;
  componentName: string | null;
  count: number;
  firstAt: string;
  lastAt: string;
  reports: ReportJson[];
}

/** Reports grouped by similarity, newest group first. */
export async function listReportGroups(deps: Pick<Deps, "db">, q: ListReportsQuery): Promise<ReportGroupJson[]> {
  const rows = await deps.db
    .select({ r: report, componentName: component.name })
    .from(report)
    .leftJoin(component, eq(component.id, report.componentId))
    .where(q.state === "all" ? undefined : eq(report.state, q.state))
    .orderBy(desc(report.createdAt))
    .limit(q.limit);
  const groups = new Map<string, ReportGroupJson>();
  for (const { r, componentName } of rows) {
    const json: ReportJson = {
      id: r.id,
      what: r.what,
      componentId: r.componentId,
      email: r.email,
      channel: r.channel,
      customer: r.customer,
      organisation: r.organisation,
      state: r.state,
      incidentId: r.incidentId,
      createdAt: r.createdAt.toISOString(),
    };
    const g = groups.get(r.groupId);
    if (g) {
      g.reports.push(json);
      g.count += 1;
      g.firstAt = json.createdAt;
    } else {
      groups.set(r.groupId, {
        groupId: r.groupId,
        componentId: r.componentId,
        componentName,
        count: 1,
        firstAt: json.createdAt,
        lastAt: json.createdAt,
        reports: [json],
      });
    }
  }
  return [...groups.values()];
}

export async function getSignal(deps: Pick<Deps, "db">, id: string): Promise<SignalJson | null> {
  const [row] = await deps.db
    .select({ s: signal, source: intakeSource.name })
    .from(signal)
    .innerJoin(intakeSource, eq(intakeSource.id, signal.sourceId))
    .where(eq(signal.id, id));
  return row ? signalJson(row) : null;
}
