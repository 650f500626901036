import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incident } from "../../db/schema/index.ts";
import { layout } from "../../src/components/admin/insights/chart.ts";
import { seedDemo } from "../../src/services/demo/seed.ts";
import { getInsights, toCsv } from "../../src/services/insights/get.ts";
import { bucketOf, buckets, parseWindow } from "../../src/services/insights/window.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { seedSubscriber } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
const DAY = 86_400_000;

beforeAll(async () => {
  deps = await createTestDeps({ now: "2026-03-02T12:00:00Z" });
  await seedDemo(deps);
  // subscribers joining over the quarter; every fourth one leaves ten days later
  const start = deps.clock.now().getTime();
  for (let i = 0; i < 40; i++) {
    deps.clock.set(new Date(start - (80 - i * 2) * DAY));
    await seedSubscriber(deps, `s${i}@example.com`, { unsubscribed: false });
  }
  deps.clock.set(new Date(start));
}, 60_000);
afterAll(() => deps.testDb.destroy());

describe("insights on the demo data", () => {
  it("counts every incident of the window once, by impact, and keeps each query fast", async () => {
    const all = await deps.db.select({ startedAt: incident.startedAt, kind: incident.kind, draft: incident.draft }).from(incident);
    for (const days of [30, 90, 365] as const) {
      const insights = await getInsights(deps, days);
      const since = buckets(deps.clock.now(), days)[0]?.start.getTime() ?? 0;
      const expected = all.filter((i) => i.kind === "incident" && !i.draft && i.startedAt.getTime() >= since).length;
      const counted = insights.tables.impact.rows.reduce((s, r) => s + r.slice(1).reduce<number>((a, b) => a + Number(b), 0), 0);
      expect(counted).toBe(expected);
      console.info(`insights ${days}d: ${expected} incidents; query ms ${JSON.stringify(insights.timings)}`);
      for (const [name, ms] of Object.entries(insights.timings)) expect(ms, `${name} (${days}d)`).toBeLessThan(250);
    }
  });

  it("computes response medians, promise rates and subscriber growth from real rows", async () => {
    const { tables } = await getInsights(deps, 90);
    const resolved = tables.response.rows.map((r) => r[2]).filter((v) => v !== null);
    expect(resolved.length).toBeGreaterThan(3);
    for (const v of resolved) expect(Number(v)).toBeGreaterThan(0);
    expect(tables.promises.rows.every((r) => r[4] === null || (Number(r[4]) >= 0 && Number(r[4]) <= 100))).toBe(true);
    expect(tables.components.rows.length).toBeGreaterThan(0);
    const joined = tables.subscribers.rows.reduce((s, r) => s + Number(r[1]), 0);
    expect(joined).toBe(40);
    expect(tables.subscribers.rows.at(-1)?.[3]).toBe(40);
  });
});

describe("windows, charts and CSV", () => {
  it("buckets a window into equal periods and places times", () => {
    const now = new Date("2026-03-02T12:00:00Z");
    const list = buckets(now, 90);
    expect(list).toHaveLength(13);
    expect(bucketOf(list, now)).toBe(12);
    expect(bucketOf(list, new Date(now.getTime() - 200 * DAY))).toBe(-1);
    expect(buckets(now, 30)).toHaveLength(30);
    expect(parseWindow("365")).toBe(365);
    expect(parseWindow("7")).toBe(90);
  });

  it("lays out stacked bars to the scale's maximum", () => {
    const g = layout({
      kind: "stacked",
      labels: ["a", "b"],
      unit: "x",
      series: [
        { name: "p", values: [2, 0] },
        { name: "q", values: [3, 1] },
      ],
    });
    expect(g.max).toBe(5);
    expect(g.bars).toHaveLength(3);
    const [p, q] = g.bars;
    expect(Math.round((p?.h ?? 0) + (q?.h ?? 0))).toBe(176);
    expect(layout({ kind: "line", labels: ["a", "b"], unit: "x", series: [{ name: "l", values: [null, 4] }] }).lines[0]?.dots).toHaveLength(
      1,
    );
  });

  it("writes RFC 4180 CSV and defuses spreadsheet formulas", () => {
    const csv = toCsv({
      metric: "components",
      title: "t",
      summary: "",
      columns: ["component", "incidents"],
      rows: [
        ["=HYPERLINK(1)", 2],
        ['API, "edge"', 3],
        ["x", null],
      ],
      chart: { kind: "grouped", labels: [], unit: "", series: [] },
    });
    expect(csv).toBe('component,incidents\r\n"\'=HYPERLINK(1)",2\r\n"API, ""edge""",3\r\nx,\r\n');
  });
});
