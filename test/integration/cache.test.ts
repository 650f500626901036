import { renameSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { getRequestListener } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApi } from "../../src/api/app.ts";
import { BEST_BROTLI_AFTER_MS, buildEntry, RenderCache, VersionTracker } from "../../src/server/cache.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeAudience, makeComponent, makeIncident, makeViewerCookie } from "../helpers/factories.ts";
import { createPublicTestServer } from "../helpers/public-server.ts";

const CANARY = {
  component: "CANARY-COMPONENT-7f3a",
  incident: "CANARY-INCIDENT-91bd",
  variant: "CANARY-VARIANT-c2e8",
  internal: "CANARY-INTERNAL-55aa",
};
const PUBLIC_PATHS = [
  "/",
  "/history",
  "/embed",
  "/api/v2/summary.json",
  "/api/v2/incidents.json",
  "/history.atom",
  "/history.rss",
  "/maintenance.ics",
  "/sitemap.xml",
  "/badge.svg",
];

let deps: TestDeps;
let server: ReturnType<typeof createPublicTestServer>;
let admin: TestMember;
let viewerCookie: Record<string, string>;
let publicComponentId: string;
let sharedIncidentId: string;
let restrictedIncidentId: string;
let failing = false;

beforeAll(async () => {
  deps = await createTestDeps();
  server = createPublicTestServer(deps, { failRenders: () => failing });
  admin = await createMember(deps, "admin");
  await makeAudience(deps, "enterprise-acme", ["acme.example"]);
  viewerCookie = await makeViewerCookie(deps, "cto@acme.example");
  const pub = await makeComponent(deps, { name: "Public API" });
  publicComponentId = pub.id;
  const secret = await makeComponent(deps, { name: CANARY.component, visibility: ["enterprise-acme"], status: "major_outage" });
  sharedIncidentId = await makeIncident(deps, {
    title: "Slow API",
    components: [{ id: pub.id, status: "degraded_performance" }],
    updates: [
      {
        status: "investigating",
        body: "We are looking into slowness.",
        variant: { audience: "enterprise-acme", body: CANARY.variant },
        internal: CANARY.internal,
      },
    ],
  });
  restrictedIncidentId = await makeIncident(deps, {
    title: CANARY.incident,
    visibility: "enterprise-acme",
    components: [{ id: secret.id, status: "major_outage" }],
    updates: [{ status: "investigating", body: `Details for Acme ${CANARY.incident}` }],
  });
});
afterAll(() => deps.testDb.destroy());

const get = (path: string, headers: Record<string, string> = {}) => server.app.request(`http://status.test${path}`, { headers });
/** After a write the first readers get the previous copy (STALE) while the new one renders behind them. */
async function getFresh(path: string): Promise<Response> {
  for (let i = 0; i < 200; i++) {
    const res = await get(path);
    if (res.headers.get("x-cache") !== "STALE") return res;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${path} stayed stale`);
}
const canaries = (text: string) => Object.values(CANARY).filter((c) => text.includes(c));

describe("public responses carry cache headers", () => {
  it("ETag, Cache-Control, Vary; 304 on If-None-Match; gzip and brotli of the same bytes", async () => {
    const first = await get("/api/v2/summary.json");
    expect(first.headers.get("x-cache")).toBe("MISS");
    const cc = first.headers.get("cache-control") ?? "";
    for (const d of ["public", "max-age=", "s-maxage=", "stale-while-revalidate=", "stale-if-error="]) expect(cc).toContain(d);
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const identity = Buffer.from(await first.arrayBuffer());
    const second = await get("/api/v2/summary.json");
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(second.headers.get("etag")).toBe(etag);
    expect((await get("/api/v2/summary.json", { "if-none-match": etag })).status).toBe(304);
    const gz = await get("/api/v2/summary.json", { "accept-encoding": "gzip, deflate" });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer()))).toEqual(identity);
    // Brotli at its best quality is computed on the thread pool; until then brotli clients get gzip.
    let br = await get("/api/v2/summary.json", { "accept-encoding": "gzip, deflate, br" });
    for (let i = 0; i < 100 && br.headers.get("content-encoding") !== "br"; i++) {
      await new Promise((r) => setTimeout(r, 20));
      br = await get("/api/v2/summary.json", { "accept-encoding": "gzip, deflate, br" });
    }
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer()))).toEqual(identity);
    expect((await get("/api/v2/summary.json", { "if-none-match": br.headers.get("etag") as string })).status).toBe(304);
    expect(br.headers.get("vary")).toContain("Accept-Encoding");
  });

  it("the badge and the widget may be framed; pages may not", async () => {
    const badge = await get("/badge.svg");
    expect(badge.headers.get("x-frame-options")).toBeNull();
    expect(badge.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect((await get("/embed")).headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect((await get("/")).headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("a publish is visible as soon as its render is ready", () => {
  it("a component change through the admin API shows on /, the JSON and the badge", async () => {
    for (const p of ["/", "/api/v2/components.json", `/badge.svg?component=${publicComponentId}`]) await get(p);
    expect((await get("/api/v2/components.json")).headers.get("x-cache")).toBe("HIT");
    const api = createApi(deps);
    const res = await api.request(`/api/admin/components/${publicComponentId}`, {
      method: "PATCH",
      headers: { ...admin.cookieHeaders, "content-type": "application/json" },
      body: JSON.stringify({ status: "major_outage", name: "Public API renamed" }),
    });
    expect(res.status).toBe(200);
    // The write went to another app instance on the same database: its version is seen within a second…
    server.publicCache.tracker.invalidate();
    const json = await (await getFresh("/api/v2/components.json")).json();
    expect(json.components.find((c: { id: string }) => c.id === publicComponentId)).toMatchObject({
      status: "major_outage",
      name: "Public API renamed",
    });
    expect(await (await getFresh("/")).text()).toContain("Public API renamed");
    expect(await (await getFresh(`/badge.svg?component=${publicComponentId}`)).text()).toContain("Major outage");
  });

  it("…and a write through this server's own API starts the new render with the very next request", async () => {
    await get("/api/v2/components.json");
    const res = await server.app.request(`http://status.test/api/admin/components/${publicComponentId}`, {
      method: "PATCH",
      headers: { ...admin.cookieHeaders, "content-type": "application/json", origin: "http://status.test" },
      body: JSON.stringify({ name: "Public API again" }),
    });
    expect(res.status).toBe(200);
    const next = await get("/api/v2/components.json");
    expect(next.headers.get("x-cache")).toBe("STALE");
    expect(await next.text()).not.toContain("Public API again");
    const fresh = await getFresh("/api/v2/components.json");
    expect(fresh.headers.get("x-cache")).toBe("HIT");
    expect(await fresh.text()).toContain("Public API again");
  });
});

describe("a restricted item never enters the public cache", () => {
  it("anonymous responses and every cache entry lack the canaries; the entitled viewer sees them, privately", async () => {
    for (const p of [...PUBLIC_PATHS, `/incidents/${sharedIncidentId}`]) {
      const text = await (await get(p)).text();
      expect(canaries(text), p).toEqual([]);
    }
    expect((await get(`/incidents/${restrictedIncidentId}`)).status).toBe(404);
    const entriesBefore = server.publicCache.cache.size;

    const seen = new Set<string>();
    for (const p of [...PUBLIC_PATHS, `/incidents/${restrictedIncidentId}`]) {
      const res = await get(p, viewerCookie);
      expect(res.status, p).toBe(200);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      expect(res.headers.get("vary")).toContain("Cookie");
      expect(res.headers.get("x-robots-tag")).toBe("noindex");
      for (const c of canaries(await res.text())) seen.add(c);
    }
    expect([...seen].sort()).toEqual([CANARY.component, CANARY.incident, CANARY.variant].sort());
    expect(seen.has(CANARY.internal)).toBe(false);

    expect(server.publicCache.cache.size).toBe(entriesBefore);
    for (const p of PUBLIC_PATHS) expect(canaries(await (await get(p)).text()), p).toEqual([]);
    for (const key of ["/", "/api/v2/summary.json", "/history.atom"]) {
      const entry = server.publicCache.cache.get(`anon ${key}`);
      expect(entry, key).toBeDefined();
      expect(canaries(entry?.identity.toString("utf8") ?? "")).toEqual([]);
    }
  });
});

describe("cache keys and bounds", () => {
  it("unknown or invalid query parameters make no new entries", async () => {
    await get("/history.atom");
    const size = server.publicCache.cache.size;
    for (const q of ["?utm_source=x", "?component=NOT-AN-ID", "?a=1&b=2", "?"]) {
      const res = await get(`/history.atom${q}`);
      expect(res.headers.get("x-cache")).toBe("HIT");
    }
    expect(server.publicCache.cache.size).toBe(size);
    await get(`/history.atom?utm=1&component=${publicComponentId}`);
    expect(server.publicCache.cache.size).toBe(size + 1);
    expect(server.publicCache.cache.get(`anon /history.atom?component=${publicComponentId}`)).toBeDefined();
  });

  it("concurrent misses collapse into one render", async () => {
    await makeIncident(deps, { title: "Bump" });
    server.publicCache.tracker.invalidate();
    const before = server.renders();
    const responses = await Promise.all(Array.from({ length: 25 }, () => get("/")));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(server.renders() - before).toBe(1);
  });

  it("the cache is bounded in bytes, dropping the least recently used", () => {
    const cache = new RenderCache(20_000);
    const body = Buffer.from("x".repeat(4000));
    for (let i = 0; i < 50; i++) cache.set(`k${i}`, buildEntry(200, {}, Buffer.concat([body, Buffer.from(String(i))]), 1));
    expect(cache.bytes).toBeLessThanOrEqual(20_000);
    expect(cache.get("k0")).toBeUndefined();
    expect(cache.get("k49")).toBeDefined();
  });

  it("brotli 11 only for a copy that lasts: a replaced copy keeps its quick brotli", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    try {
      const page = (n: number) =>
        Buffer.from(
          Array.from(
            { length: 3000 },
            (_, i) => `<li class="c${i % 7}">Component ${(i * 7919 + n) % 1000} ${i % 3 ? "ok" : "degraded"}</li>`,
          ).join(""),
        );
      const cache = new RenderCache();
      const lasting = buildEntry(200, {}, page(1), 1);
      const replaced = buildEntry(200, {}, page(2), 1);
      cache.set("lasting", lasting);
      cache.set("replaced", replaced);
      cache.set("replaced", buildEntry(200, {}, page(3), 2));
      await vi.waitFor(() => expect(lasting.br && replaced.br).toBeTruthy(), { timeout: 5000, interval: 20 });
      const quick = { lasting: lasting.br?.length ?? 0, replaced: replaced.br?.length ?? 0 };
      vi.advanceTimersByTime(BEST_BROTLI_AFTER_MS);
      await vi.waitFor(() => expect(lasting.br?.length).toBeLessThan(quick.lasting), { timeout: 10_000, interval: 20 });
      expect(replaced.br?.length).toBe(quick.replaced);
      expect(brotliDecompressSync(lasting.br as Buffer)).toEqual(page(1));
    } finally {
      vi.useRealTimers();
    }
  });

  it("the content version is read at most once a second", async () => {
    let reads = 0;
    let now = 0;
    const tracker = new VersionTracker(
      async () => ++reads,
      1000,
      () => now,
    );
    await Promise.all(Array.from({ length: 10 }, () => tracker.ensure()));
    now = 999;
    await tracker.ensure();
    expect(reads).toBe(1);
    now = 1000;
    expect(await tracker.ensure()).toBe(2);
  });

  it("kept fresh in the background, it never goes stale under a request, and picks up a new version within the interval", async () => {
    // Fake timers: the tracker takes a clock, so the test steps time instead of hoping the machine is idle.
    vi.useFakeTimers();
    try {
      let version = 1;
      let reads = 0;
      const tracker = new VersionTracker(
        async () => {
          reads++;
          return version;
        },
        400,
        () => Date.now(),
      );
      await tracker.ensure();
      const stop = tracker.keepFresh();
      version = 2;
      let staleSeen = false;
      for (let elapsed = 0; elapsed < 1000; elapsed += 5) {
        await vi.advanceTimersByTimeAsync(5);
        if (!tracker.isFresh()) staleSeen = true;
      }
      stop();
      expect(staleSeen).toBe(false);
      expect(tracker.current).toBe(2);
      // Re-read every 200 ms: five in the second.
      expect(reads - 1).toBeGreaterThanOrEqual(4);
      const after = reads;
      await vi.advanceTimersByTimeAsync(450);
      expect(reads).toBe(after);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("the node fast path", () => {
  let http: Server;
  let base: string;
  beforeAll(async () => {
    const listener = getRequestListener(server.app.fetch);
    http = createServer((req, res) => {
      if (!server.publicCache.serveFromMemory(req, res)) listener(req, res);
    });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => http.close(() => r())));

  it("answers fresh entries itself with the same bytes and headers, and 304s", async () => {
    server.publicCache.tracker.invalidate();
    const miss = await fetch(`${base}/api/v2/status.json`);
    const body = await miss.text();
    const hit = await fetch(`${base}/api/v2/status.json?ignored=1`);
    expect(hit.headers.get("x-cache")).toBe("HIT");
    expect(await hit.text()).toBe(body);
    expect(hit.headers.get("etag")).toBe(miss.headers.get("etag"));
    expect(hit.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await fetch(`${base}/api/v2/status.json`, { headers: { "if-none-match": miss.headers.get("etag") as string } })).status).toBe(
      304,
    );
    const personal = await fetch(`${base}/api/v2/status.json`, { headers: viewerCookie });
    expect(personal.headers.get("cache-control")).toBe("private, no-store");
  });

  it("gives every answer its own request id though the header list is made once per copy", async () => {
    await fetch(`${base}/api/v2/status.json`);
    const hits = await Promise.all([1, 2, 3].map(() => fetch(`${base}/api/v2/status.json`)));
    const notModified = await fetch(`${base}/api/v2/status.json`, { headers: { "if-none-match": hits[0]?.headers.get("etag") as string } });
    const answers = [...hits, notModified];
    for (const res of answers) expect(res.headers.get("x-cache")).toBe("HIT");
    const ids = answers.map((res) => res.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(answers.length);
    expect(notModified.status).toBe(304);
  });
});

describe("last known good", () => {
  it("serves the previous copy when rendering fails", async () => {
    await get("/");
    await makeIncident(deps, { title: "Another bump" });
    server.publicCache.tracker.invalidate();
    failing = true;
    const res = await get("/");
    failing = false;
    expect(res.status).toBe(200);
    expect(res.headers.get("x-cache")).toBe("STALE");
  });

  it("keeps serving when the database is gone", async () => {
    const good = await (await get("/api/v2/summary.json")).text();
    // The file is moved away: every read now fails (db/file-guard.ts) until it is put back.
    renameSync(deps.testDb.file, `${deps.testDb.file}.away`);
    server.publicCache.tracker.invalidate();
    const res = await get("/api/v2/summary.json");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(good);
    const unseen = await get("/api/v2/incidents/unresolved.json?x=never-rendered");
    expect(unseen.status).toBe(503);
    renameSync(`${deps.testDb.file}.away`, deps.testDb.file);
  });
});
