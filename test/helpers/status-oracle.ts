import type { ComponentStatus } from "../../db/schema/index.ts";
import { rng } from "../../src/services/demo/data.ts";

/**
 * An independent reference model of the status model (docs/status-model.md), written from the
 * rules rather than the code: holds per incident, maintenance and person, resolved per viewer.
 */
export type Vis = "public" | "acme" | "internal";
export type ViewerName = "anonymous" | "acme" | "beta" | "team";
export const VIEWERS: ViewerName[] = ["anonymous", "acme", "beta", "team"];
/** Component name → its visibility. */
export const COMPONENTS: Record<string, Vis> = { P1: "public", P2: "public", P3: "public", A1: "acme", I1: "internal" };
const STATUSES: ComponentStatus[] = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"];
const RANK: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};
const IMPACTS = ["none", "minor", "major", "critical"] as const;
type Impact = (typeof IMPACTS)[number];
type Change = [string, ComponentStatus];

export type Action =
  | { kind: "open"; ref: number; vis: Vis; draft: boolean; impact: Impact; changes: Change[] }
  | { kind: "update"; ref: number; status: "identified" | "monitoring"; changes: Change[] }
  | { kind: "resolve"; ref: number; via: "closure" | "update" }
  | { kind: "manual"; component: string; status: ComponentStatus }
  | { kind: "maintenance"; ref: number; vis: Vis; components: string[] }
  | { kind: "end-maintenance"; ref: number; status: "completed" | "cancelled" };

export const sees = (viewer: ViewerName, vis: Vis): boolean =>
  viewer === "team" || vis === "public" || (viewer === "acme" && vis === "acme");
const worse = (a: ComponentStatus, b: ComponentStatus): ComponentStatus => (RANK[b] > RANK[a] ? b : a);
/** Components an incident of this visibility may name (never wider than the incident). */
const eligible = (vis: Vis): string[] =>
  Object.keys(COMPONENTS).filter((c) => vis === "internal" || sees(vis === "acme" ? "acme" : "anonymous", COMPONENTS[c] as Vis));

interface Incident {
  vis: Vis;
  draft: boolean;
  open: boolean;
  impact: Impact;
  holds: Map<string, ComponentStatus>;
}

export class StatusOracle {
  readonly incidents = new Map<number, Incident>();
  readonly maintenances = new Map<number, { vis: Vis; active: boolean; components: string[] }>();
  readonly manual = new Map<string, ComponentStatus>();
  /** Worst status each viewer has seen on each component today: what today's bar must show. */
  readonly worstToday = new Map<string, ComponentStatus>();

  apply(a: Action): void {
    if (a.kind === "open")
      this.incidents.set(a.ref, { vis: a.vis, draft: a.draft, open: true, impact: a.impact, holds: new Map(a.changes) });
    if (a.kind === "update") for (const [c, s] of a.changes) this.incidents.get(a.ref)?.holds.set(c, s);
    if (a.kind === "resolve") (this.incidents.get(a.ref) as Incident).open = false;
    if (a.kind === "manual") this.manual.set(a.component, a.status);
    if (a.kind === "maintenance") this.maintenances.set(a.ref, { vis: a.vis, active: true, components: a.components });
    if (a.kind === "end-maintenance") (this.maintenances.get(a.ref) as { active: boolean }).active = false;
    for (const v of VIEWERS)
      for (const c of this.visibleComponents(v)) {
        const key = `${v}|${c}`;
        this.worstToday.set(key, worse(this.worstToday.get(key) ?? "operational", this.status(v, c)));
      }
  }

  visibleComponents(viewer: ViewerName): string[] {
    return Object.keys(COMPONENTS).filter((c) => sees(viewer, COMPONENTS[c] as Vis));
  }

  status(viewer: ViewerName, component: string): ComponentStatus {
    let s = this.manual.get(component) ?? "operational";
    for (const i of this.incidents.values())
      if (i.open && !i.draft && sees(viewer, i.vis)) s = worse(s, i.holds.get(component) ?? "operational");
    for (const m of this.maintenances.values())
      if (m.active && sees(viewer, m.vis) && m.components.includes(component)) s = worse(s, "under_maintenance");
    return s;
  }

  /** Statuspage's rule, restated: worst component status, raised by visible open incidents' impact. */
  indicator(viewer: ViewerName): string {
    const worst = this.visibleComponents(viewer).reduce<ComponentStatus>((w, c) => worse(w, this.status(viewer, c)), "operational");
    const fromStatus = { operational: 0, under_maintenance: 0.5, degraded_performance: 1, partial_outage: 2, major_outage: 3 }[worst];
    let impact = 0;
    for (const i of this.incidents.values())
      if (i.open && !i.draft && sees(viewer, i.vis)) impact = Math.max(impact, IMPACTS.indexOf(i.impact));
    if (impact > fromStatus) return IMPACTS[impact] as string;
    return fromStatus === 0.5 ? "maintenance" : (IMPACTS[fromStatus] as string);
  }

  /** The next action, valid in the current state, drawn from the seeded generator. */
  next(random: () => number, step: number): Action {
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const open = [...this.incidents].filter(([, i]) => i.open && !i.draft).map(([ref, i]) => ({ ref, i }));
    const maint = [...this.maintenances].filter(([, m]) => m.active).map(([ref]) => ref);
    const changes = (vis: Vis, n: number): Change[] => {
      const names = [...eligible(vis)].sort(() => random() - 0.5).slice(0, n);
      return names.map((c) => [c, pick(STATUSES.slice(0, 4))]);
    };
    const roll = random();
    if (roll < 0.3 || (!open.length && roll < 0.6)) {
      const vis = pick<Vis>(["public", "public", "acme", "internal"]);
      return {
        kind: "open",
        ref: step,
        vis,
        draft: random() < 0.15,
        impact: pick(IMPACTS),
        changes: changes(vis, 1 + Math.floor(random() * 2)),
      };
    }
    if (roll < 0.5 && open.length) {
      const { ref, i } = pick(open);
      return {
        kind: "update",
        ref,
        status: pick(["identified", "monitoring"] as const),
        changes: changes(i.vis, 1 + Math.floor(random() * 2)),
      };
    }
    if (roll < 0.68 && open.length) return { kind: "resolve", ref: pick(open).ref, via: random() < 0.5 ? "closure" : "update" };
    if (roll < 0.8) return { kind: "manual", component: pick(Object.keys(COMPONENTS)), status: pick(STATUSES.slice(0, 4)) };
    if (maint.length && roll < 0.9)
      return { kind: "end-maintenance", ref: pick(maint), status: random() < 0.8 ? "completed" : "cancelled" };
    const vis = pick<Vis>(["public", "acme", "internal"]);
    return { kind: "maintenance", ref: step, vis, components: changes(vis, 1).map(([c]) => c) };
  }
}

/** A seeded sequence of valid actions, generated against the reference model. */
export function actionSequence(seed: number, length: number): Action[] {
  const random = rng(seed);
  const model = new StatusOracle();
  const actions: Action[] = [];
  for (let step = 0; step < length; step++) {
    const a = model.next(random, step);
    model.apply(a);
    actions.push(a);
  }
  return actions;
}
