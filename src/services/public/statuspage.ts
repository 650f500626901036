import type { ComponentStatus } from "../../../db/schema/index.ts";
import {
  loadComponentTree,
  loadIncidents,
  overallStatus,
  type ProjectedComponent,
  type ProjectedIncident,
  type Viewer,
  worstStatus,
} from "../../projection/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { getSettings } from "../settings/get.ts";
import type { PageSettings } from "../settings/schemas.ts";
import { inReaderLanguage } from "./reader-language.ts";

/** Atlassian Statuspage public API v2, field for field: existing clients and bots read it unchanged. */
export const STATUSPAGE_ENDPOINTS = [
  "summary",
  "status",
  "components",
  "incidents",
  "incidents/unresolved",
  "scheduled-maintenances",
  "scheduled-maintenances/upcoming",
  "scheduled-maintenances/active",
] as const;
export type StatuspageEndpoint = (typeof STATUSPAGE_ENDPOINTS)[number];

export const LIST_LIMIT = 50;
const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

interface Ctx {
  settings: PageSettings;
  baseUrl: string;
  components: Map<string, ProjectedComponent>;
}

function pageJson(ctx: Ctx, updatedAt: Date) {
  return {
    id: ctx.settings.pageId,
    name: ctx.settings.name,
    url: ctx.baseUrl,
    time_zone: ctx.settings.timeZone,
    updated_at: iso(updatedAt),
  };
}

function componentJson(ctx: Ctx, c: ProjectedComponent, position: number) {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    position,
    description: c.description,
    showcase: true,
    start_date: c.createdAt.toISOString().slice(0, 10),
    group_id: c.groupId,
    page_id: ctx.settings.pageId,
    group: false,
    only_show_if_degraded: false,
  };
}

function componentsJson(ctx: Ctx, tree: Awaited<ReturnType<typeof loadComponentTree>>) {
  const out: unknown[] = [];
  tree.groups.forEach((g, gi) => {
    const status = worstStatus(g.components.map((c) => c.status));
    out.push({
      id: g.id,
      name: g.name,
      status,
      created_at: iso(g.createdAt),
      updated_at: iso(g.updatedAt),
      position: gi + 1,
      description: g.description,
      showcase: false,
      start_date: null,
      group_id: null,
      page_id: ctx.settings.pageId,
      group: true,
      only_show_if_degraded: false,
      components: g.components.map((c) => c.id),
    });
    for (const [ci, c] of g.components.entries()) out.push(componentJson(ctx, c, ci + 1));
  });
  for (const [i, c] of tree.ungrouped.entries()) out.push(componentJson(ctx, c, tree.groups.length + i + 1));
  return out;
}

function incidentJson(ctx: Ctx, i: ProjectedIncident) {
  const chronological = [...i.updates].reverse();
  const previous = new Map<string, ComponentStatus>();
  const olds = new Map<string, Map<string, ComponentStatus>>();
  for (const u of chronological) {
    olds.set(u.id, new Map(previous));
    for (const a of u.affectedComponents) previous.set(a.id, a.status);
  }
  const firstAt = (statuses: string[]) => chronological.find((u) => statuses.includes(u.status))?.displayAt ?? null;
  const path = i.kind === "maintenance" ? "maintenance" : "incidents";
  const json: Record<string, unknown> = {
    id: i.id,
    name: i.title,
    status: i.status === "cancelled" ? "completed" : i.status,
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    monitoring_at: iso(firstAt(["monitoring", "verifying"])),
    resolved_at: iso(i.resolvedAt),
    impact: i.kind === "maintenance" ? "maintenance" : i.impact,
    shortlink: `${ctx.baseUrl}/${path}/${i.id}`,
    started_at: iso(i.startedAt),
    page_id: ctx.settings.pageId,
    incident_updates: i.updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      incident_id: i.id,
      created_at: iso(u.createdAt),
      updated_at: iso(u.updatedAt),
      display_at: iso(u.displayAt),
      affected_components: u.affectedComponents.length
        ? u.affectedComponents.map((a) => ({
            code: a.id,
            name: a.name,
            old_status: olds.get(u.id)?.get(a.id) ?? "operational",
            new_status: a.status,
          }))
        : null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: i.components.flatMap((c, n) => {
      const full = ctx.components.get(c.id);
      return full ? [componentJson(ctx, full, n + 1)] : [];
    }),
  };
  if (i.kind === "maintenance") {
    json.scheduled_for = iso(i.scheduledFor);
    json.scheduled_until = iso(i.scheduledUntil);
  }
  return json;
}

/** Builds one /api/v2 document for a viewer. */
/** `language`: `?lang=`; bodies translated into it are used, every other word stays as Statuspage clients expect. */
export async function statuspageDocument(
  deps: DataDeps,
  viewer: Viewer,
  endpoint: StatuspageEndpoint,
  baseUrl: string,
  language: string | null = null,
): Promise<unknown> {
  const settings = await getSettings(deps);
  const needsHistory = endpoint === "incidents" || endpoint === "scheduled-maintenances";
  const [tree, activeLoaded, recentLoaded] = await Promise.all([
    loadComponentTree(deps.db, viewer),
    loadIncidents(deps.db, viewer, { active: true, limit: 500 }),
    needsHistory ? loadIncidents(deps.db, viewer, { kind: endpoint === "incidents" ? "incident" : "maintenance", limit: LIST_LIMIT }) : [],
  ]);
  const [active, recent] = [inReaderLanguage(settings, language, activeLoaded), inReaderLanguage(settings, language, recentLoaded)];
  const ctx: Ctx = { settings, baseUrl, components: new Map(tree.all.map((c) => [c.id, c])) };
  const unresolved = active.filter((i) => i.kind === "incident");
  const upcoming = active.filter((i) => i.kind === "maintenance" && i.status === "scheduled");
  const inProgress = active.filter((i) => i.kind === "maintenance" && (i.status === "in_progress" || i.status === "verifying"));
  const stamps = [new Date(settings.updatedAt), ...tree.all.map((c) => c.updatedAt), ...[...active, ...recent].map((i) => i.updatedAt)];
  const page = pageJson(ctx, new Date(Math.max(...stamps.map((d) => d.getTime()))));
  const overall = overallStatus(tree.all, unresolved);
  const status = { indicator: overall.indicator, description: overall.description };
  const list = (items: ProjectedIncident[]) => items.slice(0, LIST_LIMIT).map((i) => incidentJson(ctx, i));
  switch (endpoint) {
    case "summary":
      return {
        page,
        components: componentsJson(ctx, tree),
        incidents: list(unresolved),
        scheduled_maintenances: list([...inProgress, ...upcoming]),
        status,
      };
    case "status":
      return { page, status };
    case "components":
      return { page, components: componentsJson(ctx, tree) };
    case "incidents":
      return { page, incidents: list(recent) };
    case "incidents/unresolved":
      return { page, incidents: list(unresolved) };
    case "scheduled-maintenances":
      return { page, scheduled_maintenances: list(recent) };
    case "scheduled-maintenances/upcoming":
      return { page, scheduled_maintenances: list(upcoming) };
    case "scheduled-maintenances/active":
      return { page, scheduled_maintenances: list(inProgress) };
  }
}
