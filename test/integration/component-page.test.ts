import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { barSummary, calendarDays, compactBar } from "../../src/components/public/history-bar.ts";
import { translator } from "../../src/i18n/index.ts";
import { ANONYMOUS, audienceViewer } from "../../src/projection/index.ts";
import { loadComponentPage } from "../../src/services/public/component.ts";
import { loadIncidentPage } from "../../src/services/public/incident.ts";
import type { HistoryDay } from "../../src/services/public/uptime.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeAudience, makeComponent } from "../helpers/factories.ts";
import { makeIncident } from "../helpers/factories-page.ts";

const DAY = 86_400_000;
const H = 3_600_000;
let deps: TestDeps;
beforeAll(async () => {
  deps = await createTestDeps({ now: "2026-03-20T12:00:00Z" });
});
afterAll(() => deps.testDb.destroy());

describe("the component page (/components/:id)", () => {
  it("shows the component's days with incidents, with durations, newest first; restricted incidents only to their audience", async () => {
    const now = deps.clock.now();
    deps.clock.set(new Date(now.getTime() - 20 * DAY));
    const c = await makeComponent(deps, { name: "Search" });
    deps.clock.set(now);
    await makeIncident(deps, {
      title: "Search slow",
      status: "resolved",
      startedAt: new Date(now.getTime() - 3 * DAY),
      resolvedAt: new Date(now.getTime() - 3 * DAY + 47 * 60_000),
      components: [{ id: c.id, status: "degraded_performance" }],
    });
    await makeIncident(deps, {
      title: "Acme-only outage",
      visibility: "acme",
      status: "resolved",
      startedAt: new Date(now.getTime() - DAY),
      resolvedAt: new Date(now.getTime() - DAY + H),
      components: [{ id: c.id, status: "major_outage" }],
    });
    const anon = await loadComponentPage(deps, ANONYMOUS, c.id);
    expect(anon?.component).toMatchObject({ name: "Search", status: "operational" });
    expect(anon?.notableDays.map((d) => [d.date, d.status, d.incidents.map((i) => i.title)])).toEqual([
      ["2026-03-17", "degraded_performance", ["Search slow"]],
    ]);
    expect(anon?.history.days).toHaveLength(90);
    const acme = await loadComponentPage(deps, audienceViewer("ops@acme.com", ["acme"]), c.id);
    expect(acme?.notableDays.map((d) => d.incidents.map((i) => i.title))).toEqual([["Acme-only outage"], ["Search slow"]]);
  });

  it("is null (a 404) for an unknown id, a malformed one and a component the viewer may not see", async () => {
    await makeAudience(deps, "acme", ["acme.com"]);
    const secret = await makeComponent(deps, { name: "Acme cluster", visibility: ["acme"] });
    expect(await loadComponentPage(deps, ANONYMOUS, secret.id)).toBeNull();
    expect(await loadComponentPage(deps, ANONYMOUS, "zzzzzzzzzzzz")).toBeNull();
    expect(await loadComponentPage(deps, ANONYMOUS, "../etc")).toBeNull();
    expect(await loadComponentPage(deps, audienceViewer("ops@acme.com", ["acme"]), secret.id)).not.toBeNull();
  });
});

describe("the incident page's affected components", () => {
  it("says what each component was during the incident (its worst step) and what it is now", async () => {
    const now = deps.clock.now();
    const c = await makeComponent(deps, { name: "Queue" });
    const id = await makeIncident(deps, {
      title: "Queue backlog",
      status: "resolved",
      startedAt: new Date(now.getTime() - 2 * H),
      resolvedAt: new Date(now.getTime() - H),
      components: [{ id: c.id, status: "degraded_performance" }],
      updates: [
        { status: "investigating", body: "Slow." },
        { status: "identified", body: "Down.", changes: [{ id: c.id, status: "major_outage" }] },
        { status: "resolved", body: "Fixed.", changes: [{ id: c.id, status: "operational" }] },
      ],
    });
    const page = await loadIncidentPage(deps, ANONYMOUS, id, "incident");
    expect(page?.affected).toEqual([{ id: c.id, name: "Queue", during: "major_outage", now: "operational" }]);
  });
});

describe("history bars", () => {
  const en = translator("en");
  const quiet = (date: string): HistoryDay => ({ date, status: "operational", incidents: [] });
  const days: HistoryDay[] = Array.from({ length: 90 }, (_, i) => quiet(new Date(Date.UTC(2025, 11, 21 + i)).toISOString().slice(0, 10)));
  days[80] = { date: "2026-03-11", status: "major_outage", incidents: [{ id: "i1", kind: "incident", title: "Down <b>" }] };

  it("on / merges quiet days into runs split at the 30- and 60-day edges; a notable day keeps its words, and no day is a link of its own", () => {
    const html = compactBar(days, en);
    expect(html).toBe(
      '<i class="o a s30"></i><i class="o b s30"></i><i class="o s20"></i>' +
        '<i class="m" title="11 Mar 2026: Major outage — Down &lt;b&gt;"></i>' +
        '<i class="o s9"></i>',
    );
  });

  it("on the component page gives every day its own cell in a week-per-column calendar; one sentence sums the bar up", () => {
    const html = calendarDays(days, en);
    expect(html.match(/<[ia] /g)).toHaveLength(90);
    expect(html).toContain('<a class="m" href="#d2026-03-11"');
    // 21 Dec 2025 is a Sunday: the first column starts on its last row (Monday on top).
    expect(html.startsWith('<i class="o" style="grid-row-start:7" title="21 Dec 2025: no incidents"')).toBe(true);
    expect(html.match(/grid-row-start/g)).toHaveLength(1);
    expect(barSummary("Search", days, 99.5, en)).toBe("Search, last 90 days: 99.50% uptime; 1 day with incidents or reduced service");
    expect(barSummary("Search", days, 99.5, translator("de"))).toBe(
      "Search, letzte 90 Tage: 99,50\u00a0% Verfügbarkeit; 1 Tag mit Vorfällen oder eingeschränktem Betrieb",
    );
    expect(
      barSummary(
        "Search",
        days.map((d) => quiet(d.date)),
        100,
        en,
      ),
    ).toBe("Search, last 90 days: 100% uptime; no incidents");
  });
});
