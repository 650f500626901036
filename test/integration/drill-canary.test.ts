import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturedEmail, incident } from "../../db/schema/index.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { loadIncidents, loadStatusSpans, resolveViewer, TEAM } from "../../src/projection/index.ts";
import { createServerApp } from "../../src/server/app.ts";
import { closeIncident } from "../../src/services/closures/close.ts";
import { createIncident } from "../../src/services/incidents/create.ts";
import { loadInsightRows } from "../../src/services/insights/load.ts";
import { loadHistoryPage } from "../../src/services/public/history.ts";
import { loadIncidentPage } from "../../src/services/public/incident.ts";
import { loadStatusPage } from "../../src/services/public/page.ts";
import { STATUSPAGE_ENDPOINTS } from "../../src/services/public/statuspage.ts";
import { publishUpdate } from "../../src/services/updates/publish.ts";
import { createMember } from "../helpers/actors.ts";
import { findLeaks, viewerCookieFor } from "../helpers/canary.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { seedAudiences, seedComponent, seedSubscriber } from "../helpers/incident-fixtures.ts";

/**
 * A drill (practice incident) goes through the whole flow, and none of it reaches anyone but the
 * team: canary words in its title and every step never appear on a public surface, in an audience
 * member's view or in a subscriber's mail or webhook, while the team sees and gets them (so this can fail).
 */
const tag = Math.random().toString(36).slice(2, 8).toUpperCase();
const C = {
  drillTitle: `DRILL${tag}TITLE`,
  drillBody: `DRILL${tag}BODY`,
  drillUpdate: `DRILL${tag}UPDATE`,
  drillClosure: `DRILL${tag}CLOSURE`,
  forcedTitle: `DRILL${tag}FORCED`,
};
let deps: TestDeps;
let app: ReturnType<typeof createServerApp>;
const ids: Record<string, string> = {};
let acmeCookie: string;

async function renderPageModel(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const viewer = await resolveViewer(deps, request);
  const detail = /^\/incidents\/([0-9a-z]{12})$/.exec(url.pathname);
  const model = detail
    ? await loadIncidentPage(deps, viewer, detail[1] ?? "", "incident")
    : url.pathname === "/history"
      ? await loadHistoryPage(deps, viewer, { page: null, component: null })
      : await loadStatusPage(deps, viewer);
  return Response.json(model ?? { notFound: true }, { status: model ? 200 : 404 });
}

beforeAll(async () => {
  deps = await createTestDeps();
  await seedAudiences(deps, { acme: "acme.com" });
  const team = await createMember(deps, "communicator", "team@example.com");
  ids.checkout = await seedComponent(deps, "Checkout");
  await seedSubscriber(deps, "someone@example.com");
  await seedSubscriber(deps, "ops@acme.com");
  await seedSubscriber(deps, "http://127.0.0.1:9/hook", { channel: "webhook" });
  const drill = await createIncident(deps, team.ctx, {
    title: C.drillTitle,
    body: C.drillBody,
    impact: "critical",
    status: "investigating",
    visibility: "internal",
    drill: true,
    variants: [],
    components: [{ id: ids.checkout, status: "major_outage" }],
    notify: true,
    draft: false,
  });
  ids.drill = drill.id;
  await publishUpdate(deps, team.ctx, drill.id, {
    status: "identified",
    body: C.drillUpdate,
    variants: [],
    components: [],
    notify: true,
    reopen: false,
  });
  await closeIncident(deps, team.ctx, drill.id, {
    summary: C.drillClosure,
    apologyVariants: [],
    commitments: [],
    components: [],
    notify: true,
  });
  // A second drill whose stored visibility says "public" (a bad write, an old import): the projection still keeps it to the team.
  const forced = await createIncident(
    deps,
    { actor: SYSTEM },
    {
      title: C.forcedTitle,
      body: "x",
      impact: "major",
      status: "investigating",
      visibility: "internal",
      drill: true,
      variants: [],
      components: [{ id: ids.checkout, status: "partial_outage" }],
      notify: false,
      draft: false,
    },
  );
  ids.forced = forced.id;
  await deps.db.update(incident).set({ visibility: "public" }).where(eq(incident.id, forced.id));
  app = createServerApp({ deps, client: deps.testDb.client, migrations: [], render: renderPageModel });
  acmeCookie = await viewerCookieFor(deps, "ops@acme.com");
});
afterAll(() => deps.testDb.destroy());

const routes = (): string[] => [
  "/",
  "/history",
  "/embed",
  `/incidents/${ids.drill}`,
  `/incidents/${ids.forced}`,
  "/history.atom",
  "/history.rss",
  "/badge.svg",
  `/badge.svg?component=${ids.checkout}`,
  "/sitemap.xml",
  ...STATUSPAGE_ENDPOINTS.map((e) => `/api/v2/${e}.json`),
];

describe("drills stay with the team", () => {
  it.each(["anonymous", "audience member"])(
    "the %s sees no drill on any public surface, and its components are operational",
    async (who) => {
      const cookie = who === "anonymous" ? undefined : acmeCookie;
      const leaks: string[] = [];
      for (const path of routes()) {
        const res = await app.request(`http://status.test${path}`, { headers: cookie ? { cookie } : {} });
        for (const l of findLeaks(await res.text(), C)) leaks.push(`${path}: ${l}`);
      }
      expect(leaks).toEqual([]);
      const res = await app.request("http://status.test/api/v2/components.json", { headers: cookie ? { cookie } : {} });
      const { components } = (await res.json()) as { components: { name: string; status: string }[] };
      expect(components.find((c) => c.name === "Checkout")?.status).toBe("operational");
    },
  );

  it("the team sees both drills, marked as drills, with the forced one's hold", async () => {
    const seen = await loadIncidents(deps.db, TEAM, { ids: [ids.drill as string, ids.forced as string] });
    expect(seen.map((i) => [i.title, i.drill])).toEqual(
      expect.arrayContaining([
        [C.drillTitle, true],
        [C.forcedTitle, true],
      ]),
    );
    const now = deps.clock.now();
    const spans = await loadStatusSpans(deps.db, TEAM, new Date(0), now);
    expect(spans.some((s) => s.incident?.id === ids.forced && s.to === null)).toBe(true);
  });

  it("insights leave drills out", async () => {
    const rows = await loadInsightRows(deps, new Date(0));
    expect(JSON.stringify(rows)).not.toContain(ids.drill);
  });

  it("each step is emailed to the team as a drill, and to no subscriber or webhook", async () => {
    const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
    for (let i = 0; i < 50 && (await dispatcher.tick()) > 0; i++);
    await dispatcher.stop();
    const mail = await deps.db.select().from(capturedEmail);
    const to = (address: string) => mail.filter((m) => m.to === address).map((m) => `${m.subject}\n${m.html}\n${m.text}`);
    expect(findLeaks(to("someone@example.com").join("\n"), C)).toEqual([]);
    expect(findLeaks(to("ops@acme.com").join("\n"), C)).toEqual([]);
    const team = to("team@example.com");
    expect(team).toHaveLength(3);
    expect(team.every((m) => m.startsWith(`[Drill] ${C.drillTitle}`))).toBe(true);
    expect(findLeaks(team.join("\n"), C).sort()).toEqual(["drillBody", "drillClosure", "drillTitle", "drillUpdate"]);
  });
});
