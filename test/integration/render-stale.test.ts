import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { incident } from "../../db/schema/index.ts";
import type { Deps } from "../../src/deps.ts";
import { renderPublic } from "../../src/server/cache-handler.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeIncident } from "../helpers/factories-page.ts";
import { createPublicTestServer, renderPageModel } from "../helpers/public-server.ts";

/**
 * Stale-while-revalidate: a render in progress (here held open by a gate, like a slow render on
 * the render thread) never holds up a reader; readers get the previous copy until the new one is ready.
 */
let deps: TestDeps;
let server: ReturnType<typeof createPublicTestServer>;
let http: Server;
let base: string;
let release: () => void = () => {};
let gate: Promise<void> = Promise.resolve();
let rendersStarted = 0;

beforeAll(async () => {
  deps = await createTestDeps();
  server = createPublicTestServer(deps, {
    renderAnonymous: async (request) => {
      rendersStarted++;
      await gate;
      return renderPublic(deps as Deps, request, (r) => renderPageModel(deps, r));
    },
  });
  const listener = getRequestListener(server.app.fetch);
  http = createServer((req, res) => {
    if (!server.publicCache.serveFromMemory(req, res)) listener(req, res);
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  release();
  await new Promise<void>((r) => http.close(() => r()));
  deps.testDb.destroy();
});
beforeEach(() => {
  gate = new Promise((r) => {
    release = r;
  });
  release();
});

/** Holds every render that starts from now on until `release()`. */
function holdRenders(): void {
  gate = new Promise((r) => {
    release = r;
  });
}

/** The answer, or "waited" when it did not come within 2 s (it would never come while the gate is shut). */
async function within2s(p: Promise<Response>): Promise<Response | "waited"> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<"waited">((r) => {
    timer = setTimeout(() => r("waited"), 2000);
  });
  const result = await Promise.race([p, waited]);
  clearTimeout(timer);
  return result;
}

async function untilFresh(fetchIt: () => Promise<Response>): Promise<Response> {
  for (let i = 0; i < 200; i++) {
    const res = await fetchIt();
    if (res.headers.get("x-cache") !== "STALE") return res;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("stayed stale");
}

const viaHono = async (path: string): Promise<Response> => server.app.request(`http://status.test${path}`);

describe("a reader never waits for a render in progress", () => {
  it("through the server app: the previous copy at once, then the new one", async () => {
    await makeIncident(deps, { title: "First outage" });
    const first = await viaHono("/");
    expect(first.headers.get("x-cache")).toBe("MISS");
    await makeIncident(deps, { title: "Second outage" });
    server.publicCache.tracker.invalidate();
    holdRenders();
    const started = rendersStarted;

    const during = await within2s(viaHono("/"));
    expect(during).not.toBe("waited");
    const stale = during as Response;
    expect(stale.headers.get("x-cache")).toBe("STALE");
    const staleText = await stale.text();
    expect(staleText).toContain("First outage");
    expect(staleText).not.toContain("Second outage");
    // Readers keep getting the previous copy; the one render behind them is shared.
    const more = await Promise.all(Array.from({ length: 10 }, () => within2s(viaHono("/"))));
    expect(more.every((r) => r !== "waited" && r.headers.get("x-cache") === "STALE")).toBe(true);
    expect(rendersStarted - started).toBe(1);

    release();
    const fresh = await untilFresh(() => viaHono("/"));
    expect(fresh.headers.get("x-cache")).toBe("HIT");
    expect(await fresh.text()).toContain("Second outage");
  });

  it("on the Node fast path: the previous bytes at once, then the new ones", async () => {
    const before = await untilFresh(() => fetch(`${base}/api/v2/incidents.json`));
    const beforeText = await before.text();
    expect(before.headers.get("x-cache")).toMatch(/HIT|MISS/);
    await untilFresh(() => fetch(`${base}/api/v2/incidents.json`)); // now in memory for the fast path
    await makeIncident(deps, { title: "Third outage" });
    server.publicCache.tracker.invalidate();
    await server.publicCache.tracker.ensure(); // the fast path answers only with a fresh version
    holdRenders();

    const during = await within2s(fetch(`${base}/api/v2/incidents.json`));
    expect(during).not.toBe("waited");
    const stale = during as Response;
    expect(stale.headers.get("x-cache")).toBe("STALE");
    expect(await stale.text()).toBe(beforeText);

    release();
    const fresh = await untilFresh(() => fetch(`${base}/api/v2/incidents.json`));
    expect(await fresh.text()).toContain("Third outage");
  });

  it("a page that is gone after the write is not served stale once its render is done", async () => {
    const id = await makeIncident(deps, { title: "Soon restricted" });
    expect((await untilFresh(() => viaHono(`/incidents/${id}`))).status).toBe(200);
    await deps.db.update(incident).set({ visibility: "internal" }).where(eq(incident.id, id));
    await makeIncident(deps, { title: "Version bump" });
    server.publicCache.tracker.invalidate();
    const gone = await untilFresh(() => viaHono(`/incidents/${id}`));
    expect(gone.status).toBe(404);
    expect(await gone.text()).not.toContain("Soon restricted");
  });
});
