import { afterEach, describe, expect, it } from "vitest";
import type { ComponentStatus } from "../../db/schema/index.ts";
import { SEVERITY } from "../../src/projection/index.ts";
import { statusBadge } from "../../src/services/public/badge.ts";
import { overallLabel } from "../../src/services/public/overall-label.ts";
import { loadStatusPage, type StatusPageModel } from "../../src/services/public/page.ts";
import { statuspageDocument } from "../../src/services/public/statuspage.ts";
import { type Action, actionSequence, StatusOracle, sees, VIEWERS, type ViewerName, type Vis } from "../helpers/status-oracle.ts";
import { applyAction, createWorld, VIEWER, type World } from "../helpers/status-world.ts";

// Property test of the status model: seeded random sequences of incidents (public, audience-only,
// internal, draft), updates, maintenances, manual changes and resolutions. STATUS_SEED=n replays one.
const SEEDS = process.env.STATUS_SEED ? [Number(process.env.STATUS_SEED)] : [11, 23, 41];
const STEPS = 20;
const START = new Date("2026-03-20T00:30:00Z");
const BASE = "http://status.test";
let worlds: World[] = [];
afterEach(() => {
  for (const w of worlds) w.deps.testDb.destroy();
  worlds = [];
});

const rows = (m: StatusPageModel) => [...m.groups.flatMap((g) => g.components), ...m.ungrouped];

/** Everything a viewer can read about status, keyed by component name (ids differ between worlds). */
async function view(w: World, viewer: ViewerName, withBadge = true) {
  const v = VIEWER[viewer];
  const page = await loadStatusPage(w.deps, v);
  const summary = (await statuspageDocument(w.deps, v, "summary", BASE)) as {
    status: { indicator: string; description: string };
    components: { name: string; status: string; group?: boolean }[];
  };
  const status = (await statuspageDocument(w.deps, v, "status", BASE)) as { status: unknown };
  return {
    overall: page.overall,
    label: overallLabel(page.overall),
    statusJson: status.status,
    summaryStatus: summary.status,
    summaryComponents: Object.fromEntries(summary.components.filter((c) => c.group === false).map((c) => [c.name, c.status])),
    components: Object.fromEntries(rows(page).map((c) => [c.name, c.status])),
    today: Object.fromEntries(rows(page).map((c) => [c.name, c.days.at(-1)?.status])),
    history: Object.fromEntries(rows(page).map((c) => [c.name, { days: c.days.map((d) => d.status), uptime: c.uptime }])),
    active: page.activeIncidents.map((i) => i.title).sort(),
    badge: withBadge ? await statusBadge(w.deps, v, null) : "",
  };
}

/** Resolving one incident never clears a hold another open incident the viewer sees still has. */
function expectOtherHoldsKept(where: string, oracle: StatusOracle, shown: Record<string, ComponentStatus>, viewer: ViewerName): void {
  for (const i of oracle.incidents.values()) {
    if (!i.open || i.draft || !sees(viewer, i.vis)) continue;
    for (const [c, s] of i.holds)
      expect(SEVERITY[shown[c] as ComponentStatus], `${where} — ${viewer}: ${c} lost a hold`).toBeGreaterThanOrEqual(SEVERITY[s]);
  }
}

async function checkStep(seed: number, step: number, a: Action, oracle: StatusOracle, full: World, canaries: [ViewerName, World][]) {
  const where = `seed ${seed} (replay: STATUS_SEED=${seed}), step ${step}: ${JSON.stringify(a)}`;
  for (const viewer of VIEWERS) {
    const got = await view(full, viewer);
    const expected = Object.fromEntries(oracle.visibleComponents(viewer).map((c) => [c, oracle.status(viewer, c)]));
    expect(got.components, `${where} — ${viewer}'s component list`).toEqual(expected);
    expect(got.summaryComponents, `${where} — ${viewer}'s summary.json components`).toEqual(expected);
    expect(got.overall.indicator, `${where} — ${viewer}'s indicator`).toBe(oracle.indicator(viewer));
    expect(got.statusJson, `${where} — ${viewer}'s status.json`).toEqual(got.summaryStatus);
    expect(got.statusJson, `${where} — ${viewer}'s status.json`).toEqual({
      indicator: got.overall.indicator,
      description: got.overall.description,
    });
    expect(got.badge, `${where} — ${viewer}'s badge says what the banner says`).toContain(`>${got.label}</text>`);
    const today = Object.fromEntries(oracle.visibleComponents(viewer).map((c) => [c, oracle.worstToday.get(`${viewer}|${c}`)]));
    expect(got.today, `${where} — ${viewer}'s today cells`).toEqual(today);
    if (a.kind === "resolve") expectOtherHoldsKept(where, oracle, got.components, viewer);
  }
  // Canary style: what a viewer reads equals a world where the incidents hidden from them never existed.
  for (const [viewer, world] of canaries) {
    const got = await view(full, viewer, false);
    const alone = await view(world, viewer, false);
    expect(got, `${where} — ${viewer} must not be moved by incidents they cannot see`).toEqual(alone);
  }
}

describe("one status model, every surface, every viewer", () => {
  it.each(SEEDS)(
    "seed %i: surfaces agree, resolutions release only their own holds, hidden holds never leak",
    async (seed) => {
      const actions = actionSequence(seed, STEPS);
      const full = await createWorld(START, () => true);
      const anonOnly = await createWorld(START, (vis, draft) => vis === "public" && !draft);
      const acmeOnly = await createWorld(START, (vis, draft) => vis !== "internal" && !draft);
      worlds = [full, anonOnly, acmeOnly];
      const oracle = new StatusOracle();
      const meta = new Map<number, { vis: Vis; draft: boolean }>();
      for (const [step, a] of actions.entries()) {
        if (a.kind === "open") meta.set(a.ref, { vis: a.vis, draft: a.draft });
        if (a.kind === "maintenance") meta.set(a.ref, { vis: a.vis, draft: false });
        const m = "ref" in a ? meta.get(a.ref) : undefined;
        for (const w of worlds) {
          w.deps.clock.set(new Date(START.getTime() + step * 20 * 60_000));
          await applyAction(w, a, m?.vis ?? null, m?.draft ?? false);
        }
        oracle.apply(a);
        await checkStep(seed, step, a, oracle, full, [
          ["anonymous", anonOnly],
          ["beta", anonOnly],
          ["acme", acmeOnly],
        ]);
      }
    },
    120_000,
  );
});
