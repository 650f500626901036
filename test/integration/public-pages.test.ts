import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { ANONYMOUS, audienceViewer, loadStatusSpans, type StatusSpan } from "../../src/projection/index.ts";
import { updateComponent } from "../../src/services/components/update.ts";
import { statusBadge } from "../../src/services/public/badge.ts";
import { atomFeed, rssFeed } from "../../src/services/public/feeds.ts";
import { loadHistoryPage } from "../../src/services/public/history.ts";
import { loadIncidentPage } from "../../src/services/public/incident.ts";
import { loadStatusPage } from "../../src/services/public/page.ts";
import { robotsTxt, sitemapXml } from "../../src/services/public/sitemap.ts";
import { dayWindows } from "../../src/services/public/time.ts";
import { componentHistory, uptime } from "../../src/services/public/uptime.ts";
import { updateSettings } from "../../src/services/settings/update.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeComponent, makeIncident } from "../helpers/factories.ts";

let deps: TestDeps;
beforeAll(async () => {
  deps = await createTestDeps({ now: "2026-03-20T12:00:00Z" });
});
afterAll(() => deps.testDb.destroy());

const H = 3_600_000;
const DAY = 24 * H;

describe("an empty page is honest", () => {
  it("says there are no components yet instead of all operational", async () => {
    const model = await loadStatusPage(deps, ANONYMOUS);
    expect(model.overall.tone).toBe("empty");
    expect(model.groups).toEqual([]);
    expect(await statusBadge(deps, ANONYMOUS, null)).toContain("No components yet");
    const atom = await atomFeed(deps, ANONYMOUS, "http://status.test", null);
    expect(atom).toContain("<feed");
    expect(atom).not.toContain("<entry>");
  });
});

describe("uptime and the 90-day bar", () => {
  it("weighs a major outage fully, a partial outage at 30 %, degraded and maintenance not at all", () => {
    const span = (status: "major_outage" | "partial_outage" | "degraded_performance" | "under_maintenance", from: number, to: number) => ({
      componentId: "c",
      status,
      from,
      to,
      incident: null,
    });
    expect(uptime([span("major_outage", 0, 10 * H)], 0, 100 * H)).toBeCloseTo(90);
    expect(uptime([span("partial_outage", 0, 10 * H)], 0, 100 * H)).toBeCloseTo(97);
    expect(uptime([span("degraded_performance", 0, 10 * H), span("under_maintenance", 20 * H, 30 * H)], 0, 100 * H)).toBe(100);
    // Overlaps count once, at their worst.
    expect(uptime([span("major_outage", 0, 10 * H), span("partial_outage", 5 * H, 20 * H)], 0, 100 * H)).toBeCloseTo(100 - 10 - 3);
  });

  it("colours a day by its worst status, lists its incidents, and shows no data before the component existed", async () => {
    const now = deps.clock.now();
    const windows = dayWindows(now, "UTC", 90);
    expect(windows).toHaveLength(90);
    expect(windows.at(-1)?.date).toBe("2026-03-20");
    const spans = [
      {
        componentId: "c",
        status: "degraded_performance" as const,
        from: now.getTime() - 2 * DAY,
        to: now.getTime() - 2 * DAY + H,
        incident: { id: "a", kind: "incident" as const, title: "Slow" },
      },
      {
        componentId: "c",
        status: "major_outage" as const,
        from: now.getTime() - 2 * DAY + 2 * H,
        to: now.getTime() - 2 * DAY + 3 * H,
        incident: { id: "b", kind: "incident" as const, title: "Down" },
      },
    ];
    const h = componentHistory(new Date(now.getTime() - 10 * DAY), spans, windows, now);
    const day = h.days.find((d) => d.date === "2026-03-18");
    expect(day).toMatchObject({ status: "major_outage", incidents: [{ title: "Slow" }, { title: "Down" }] });
    expect(h.days[0]?.status).toBe("none");
    expect(h.days.at(-1)?.status).toBe("operational");
    expect(h.uptime).toBeGreaterThan(99);
    expect(h.uptime).toBeLessThan(100);
  });

  it("counts days in the page's time zone", () => {
    const windows = dayWindows(new Date("2026-03-20T23:30:00Z"), "Asia/Tokyo", 3);
    expect(windows.map((w) => w.date)).toEqual(["2026-03-19", "2026-03-20", "2026-03-21"]);
    expect(new Date(windows[2]?.from ?? 0).toISOString()).toBe("2026-03-20T15:00:00.000Z");
  });

  it("the page model carries visible incidents into the bar and the banner", async () => {
    const now = deps.clock.now();
    deps.clock.set(new Date(now.getTime() - 5 * DAY));
    const c = await makeComponent(deps, { name: "API" });
    deps.clock.set(now);
    await makeIncident(deps, {
      title: "Down yesterday",
      impact: "critical",
      status: "resolved",
      startedAt: new Date(deps.clock.now().getTime() - DAY),
      resolvedAt: new Date(deps.clock.now().getTime() - DAY + H),
      components: [{ id: c.id, status: "major_outage" }],
      updates: [{ status: "resolved", body: "Fixed" }],
    });
    await makeIncident(deps, { title: "Secret", visibility: "internal", components: [{ id: c.id, status: "major_outage" }] });
    const model = await loadStatusPage(deps, ANONYMOUS);
    const row = model.ungrouped.find((x) => x.id === c.id);
    expect(row?.days.find((d) => d.date === "2026-03-19")).toMatchObject({
      status: "major_outage",
      incidents: [{ title: "Down yesterday" }],
    });
    expect(row?.days.at(-1)?.status).toBe("operational");
    expect(row?.days.find((d) => d.date === "2026-03-14")?.status).toBe("none");
    expect(model.overall).toMatchObject({ tone: "operational", indicator: "none" });
    expect(model.activeIncidents.map((i) => i.title)).not.toContain("Secret");
  });
});

describe("status spans behind the bar", () => {
  it("follow each update's component changes, skip retracted ones, cover maintenance windows, and show a viewer only what they may see", async () => {
    const now = deps.clock.now().getTime();
    const api = await makeComponent(deps, { name: "Span API" });
    const db = await makeComponent(deps, { name: "Span DB" });
    const incidentId = await makeIncident(deps, {
      title: "Stepwise",
      status: "resolved",
      startedAt: new Date(now - 10 * H),
      resolvedAt: new Date(now - 4 * H),
      components: [{ id: api.id, status: "degraded_performance" }],
      updates: [
        { status: "investigating", body: "a", at: new Date(now - 9 * H), changes: [{ id: api.id, status: "degraded_performance" }] },
        { status: "identified", body: "b", at: new Date(now - 8 * H), changes: [{ id: api.id, status: "major_outage" }] },
        { status: "identified", body: "c", at: new Date(now - 7 * H), changes: [{ id: api.id, status: "operational" }], retracted: true },
        { status: "monitoring", body: "d", at: new Date(now - 6 * H), changes: [{ id: api.id, status: "partial_outage" }] },
      ],
    });
    await makeIncident(deps, {
      kind: "maintenance",
      title: "Window",
      status: "completed",
      startedAt: new Date(now - 3 * H),
      scheduledFor: new Date(now - 2 * H),
      scheduledUntil: new Date(now - H),
      resolvedAt: new Date(now - H),
      components: [{ id: db.id, status: "under_maintenance" }],
    });
    await makeIncident(deps, {
      kind: "maintenance",
      title: "Called off",
      status: "cancelled",
      components: [{ id: db.id, status: "under_maintenance" }],
    });
    await makeIncident(deps, { title: "For acme", visibility: "acme", components: [{ id: db.id, status: "major_outage" }] });
    const since = new Date(now - 90 * DAY);
    const shape = (spans: StatusSpan[], id: string) =>
      spans.filter((s) => s.componentId === id).map((s) => [s.status, (s.from - now) / H, s.to && (s.to - now) / H, s.incident?.title]);
    const anonymous = await loadStatusSpans(deps.db, ANONYMOUS, since, deps.clock.now());
    expect(shape(anonymous, api.id)).toEqual([
      ["degraded_performance", -10, -8, "Stepwise"],
      ["major_outage", -8, -6, "Stepwise"],
      ["partial_outage", -6, -4, "Stepwise"],
    ]);
    expect(anonymous.find((s) => s.componentId === api.id)?.incident?.id).toBe(incidentId);
    expect(shape(anonymous, db.id)).toEqual([["under_maintenance", -2, -1, "Window"]]);
    const acme = audienceViewer("ops@acme.test", ["acme"]);
    expect(shape(await loadStatusSpans(deps.db, acme, since, deps.clock.now()), db.id)).toEqual([
      ["under_maintenance", -2, -1, "Window"],
      ["major_outage", -1, null, "For acme"],
    ]);
  });
});

describe("manual status changes", () => {
  it("a status set by hand before the window counts from the window's first day until it changes", async () => {
    const now = deps.clock.now();
    deps.clock.set(new Date(now.getTime() - 120 * DAY));
    const c = await makeComponent(deps, { name: "Legacy" });
    deps.clock.set(new Date(now.getTime() - 100 * DAY));
    await updateComponent(deps, { actor: SYSTEM }, c.id, { status: "partial_outage" });
    deps.clock.set(new Date(now.getTime() - 2 * DAY));
    await updateComponent(deps, { actor: SYSTEM }, c.id, { status: "operational" });
    deps.clock.set(now);
    const row = (await loadStatusPage(deps, ANONYMOUS)).ungrouped.find((x) => x.id === c.id);
    expect(row?.days[0]?.status).toBe("partial_outage");
    expect(row?.days.at(-1)?.status).toBe("operational");
    // About 88 of the 90 days at 30 % downtime.
    expect(row?.uptime).toBeGreaterThan(70);
    expect(row?.uptime).toBeLessThan(72);
  });
});

describe("history, feeds, sitemap", () => {
  it("pages by month with stable URLs and filters by component", async () => {
    const a = await makeComponent(deps, { name: "Search" });
    await makeIncident(deps, {
      title: "February search outage",
      startedAt: new Date("2026-02-10T10:00:00Z"),
      components: [{ id: a.id, status: "partial_outage" }],
    });
    await makeIncident(deps, { title: "February other", startedAt: new Date("2026-02-11T10:00:00Z") });
    const feb = await loadHistoryPage(deps, ANONYMOUS, { page: "2026-02" });
    expect(feb.incidents.map((i) => i.title).sort()).toEqual(["February other", "February search outage"]);
    expect(feb).toMatchObject({ month: "2026-02", newer: "2026-03", older: "2026-01" });
    const filtered = await loadHistoryPage(deps, ANONYMOUS, { page: "2026-02", component: a.id });
    expect(filtered.incidents.map((i) => i.title)).toEqual(["February search outage"]);
    expect((await loadHistoryPage(deps, ANONYMOUS, { page: "2099-01" })).month).toBe("2026-03");
    expect((await loadHistoryPage(deps, ANONYMOUS, { page: "garbage" })).newer).toBeNull();
  });

  it("feeds are Atom 1.0 and RSS 2.0 with escaped content, newest first", async () => {
    await makeIncident(deps, {
      title: 'Tags <b> & "quotes"',
      updates: [{ status: "investigating", body: "Body with <script>x</script>" }],
    });
    const atom = await atomFeed(deps, ANONYMOUS, "http://status.test", null);
    expect(atom).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    expect(atom).toContain("<title>Tags &lt;b&gt; &amp; &quot;quotes&quot;</title>");
    expect(atom).not.toContain("<script>");
    const rss = await rssFeed(deps, ANONYMOUS, "http://status.test", null);
    expect(rss).toContain('<rss version="2.0"');
    expect(rss).not.toContain("Secret");
    const updatedTimes = [...atom.matchAll(/<entry>.*?<updated>([^<]+)<\/updated>/g)].map((m) => Date.parse(m[1] as string));
    expect(updatedTimes).toEqual([...updatedTimes].sort((x, y) => y - x));
  });

  it("filters by type and impact, and leaves maintenance that has not started to 'Upcoming maintenance'", async () => {
    const now = deps.clock.now();
    await makeIncident(deps, {
      title: "March critical",
      impact: "critical",
      status: "resolved",
      startedAt: new Date("2026-03-02T10:00:00Z"),
      resolvedAt: new Date("2026-03-02T11:00:00Z"),
    });
    await makeIncident(deps, {
      title: "March minor",
      impact: "minor",
      status: "resolved",
      startedAt: new Date("2026-03-03T10:00:00Z"),
      resolvedAt: new Date("2026-03-03T11:00:00Z"),
    });
    await makeIncident(deps, {
      kind: "maintenance",
      title: "March done",
      status: "completed",
      startedAt: new Date("2026-03-04T10:00:00Z"),
      scheduledFor: new Date("2026-03-04T10:00:00Z"),
      resolvedAt: new Date("2026-03-04T12:00:00Z"),
    });
    const later = new Date(now.getTime() + 3 * 86_400_000);
    await makeIncident(deps, { kind: "maintenance", title: "Next week", status: "scheduled", startedAt: later, scheduledFor: later });
    const titles = async (q: { type?: string; impact?: string }) =>
      (await loadHistoryPage(deps, ANONYMOUS, { page: "2026-03", ...q })).incidents
        .map((i) => i.title)
        .filter((x) => x.startsWith("March") || x === "Next week");
    expect((await titles({})).sort()).toEqual(["March critical", "March done", "March minor"]);
    expect((await titles({ type: "maintenance" })).sort()).toEqual(["March done"]);
    expect((await titles({ type: "incident", impact: "critical" })).sort()).toEqual(["March critical"]);
    expect((await titles({ impact: "minor" })).sort()).toEqual(["March minor"]);
    expect((await loadHistoryPage(deps, ANONYMOUS, { type: "nonsense", impact: "huge" })).type).toBeNull();
  });

  it("sitemap and robots point at the public pages only", async () => {
    const xml = await sitemapXml(deps, ANONYMOUS, "http://status.test");
    expect(xml).toContain("<loc>http://status.test/</loc>");
    expect(xml).toContain("/history?page=2026-02");
    expect(xml).not.toContain("Secret");
    expect(robotsTxt("http://status.test")).toContain("Disallow: /admin");
  });

  it("settings flow into the model: name and time zone", async () => {
    await updateSettings(deps, { actor: SYSTEM }, { name: "Acme", timeZone: "America/New_York" });
    const model = await loadStatusPage(deps, ANONYMOUS);
    expect(model.settings).toMatchObject({ name: "Acme", timeZone: "America/New_York" });
    expect(model.ungrouped[0]?.days.at(-1)?.date).toBe("2026-03-20");
  });
});

describe("'Subscribe to this incident' is offered only where the form accepts it", () => {
  it("open public incidents are followable; resolved ones and restricted ones (even to their audience) are not", async () => {
    const open = await makeIncident(deps, { title: "Open and public" });
    const done = await makeIncident(deps, { title: "Over", status: "resolved", resolvedAt: deps.clock.now() });
    const restricted = await makeIncident(deps, { title: "For followers of acme", visibility: "acme" });
    const acme = audienceViewer("cto@acme.example", ["acme"]);
    expect((await loadIncidentPage(deps, ANONYMOUS, open, "incident"))?.followable).toBe(true);
    expect((await loadIncidentPage(deps, acme, open, "incident"))?.followable).toBe(true);
    expect((await loadIncidentPage(deps, ANONYMOUS, done, "incident"))?.followable).toBe(false);
    expect((await loadIncidentPage(deps, acme, restricted, "incident"))?.followable).toBe(false);
    expect(await loadIncidentPage(deps, ANONYMOUS, restricted, "incident")).toBeNull();
  });
});
