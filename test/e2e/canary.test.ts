import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../db/client.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { STATUSPAGE_ENDPOINTS } from "../../src/services/public/statuspage.ts";
import { CHURNED, CLOSURE_CHURN, findLeaks, makeCanaries, plantCanaries, viewerCookieFor } from "../helpers/canary.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

/** The canary proof against the built server: real Astro pages, the render cache, JSON, feeds, badge, sitemap. */
const C = makeCanaries();
let server: RunningServer;
let handle: DbHandle;
let ids: Record<string, string>;
const cookies: Record<string, string | undefined> = {};
const started = performance.now();

beforeAll(async () => {
  server = await startServer({ DISPATCHER: "off" });
  handle = await createDb(`file:${server.dbFile}`);
  const deps = { db: handle.db, clock: systemClock };
  ids = await plantCanaries(deps, C);
  cookies.anonymous = undefined;
  cookies.otherAudience = await viewerCookieFor(deps, "x@globex.com");
  cookies.entitled = await viewerCookieFor(deps, "ops@acme.com");
});
afterAll(async () => {
  handle?.close();
  await server?.stop();
});

function routes(): string[] {
  return [
    "/",
    "/history",
    `/history?component=${ids.acmeComponent}`,
    "/embed",
    "/access",
    ...["publicIncident", "restrictedIncident", "internalIncident", ...CHURNED].map((k) => `/incidents/${ids[k]}`),
    `/maintenance/${ids.maintenance}`,
    // Component pages: the public one carries the restricted incident's spans only for its audience; the others are 404s to outsiders.
    ...["publicComponent", "acmeComponent", "internalComponent"].map((k) => `/components/${ids[k]}`),
    "/history.atom",
    "/history.rss",
    `/history.rss?component=${ids.acmeComponent}`,
    "/maintenance.ics",
    `/maintenance.ics?maintenance=${ids.maintenance}`,
    "/badge.svg",
    `/badge.svg?component=${ids.acmeComponent}`,
    "/robots.txt",
    "/sitemap.xml",
    "/no-such-page",
    ...STATUSPAGE_ENDPOINTS.map((e) => `/api/v2/${e}.json`),
  ];
}

async function fetchAll(cookie: string | undefined): Promise<Map<string, { status: number; headers: Headers; body: string }>> {
  const out = new Map<string, { status: number; headers: Headers; body: string }>();
  for (const path of routes()) {
    // Twice: the second answer may come from the render cache, which must not mix viewers.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });
      out.set(`${path}#${i}`, { status: res.status, headers: res.headers, body: `${[...res.headers].join("\n")}\n${await res.text()}` });
    }
  }
  return out;
}

describe("canary suite on the built server", () => {
  it("anonymous and another audience never see a planted string; cached pages do not mix viewers", async () => {
    const entitledFirst = await fetchAll(cookies.entitled);
    for (const who of ["anonymous", "otherAudience"]) {
      const leaks: string[] = [];
      for (const [path, r] of await fetchAll(cookies[who])) for (const l of findLeaks(r.body, C)) leaks.push(`${who} ${path}: ${l}`);
      expect(leaks).toEqual([]);
    }
    const seen = new Set([...entitledFirst.values()].flatMap((r) => findLeaks(r.body, C)));
    for (const name of [
      "restrictedVariant",
      "restrictedIncidentTitle",
      "restrictedComponent",
      "restrictedApology",
      "restrictedCommitment",
      "restrictedMaintenance",
      "restrictedApologyEdited",
      "reclosedApology",
    ])
      expect(seen).toContain(name);
    for (const name of [
      "internalNote",
      "internalIncidentTitle",
      "internalComponent",
      "internalCommitment",
      "closureInternalNote",
      ...CLOSURE_CHURN,
    ])
      expect(seen).not.toContain(name);
    const home = entitledFirst.get("/#0");
    expect(home?.headers.get("cache-control")).toContain("no-store");
    expect(home?.headers.get("x-robots-tag")).toContain("noindex");
    console.info(
      `e2e canary: ${routes().length} routes × 3 viewers × ${Object.keys(C).length} strings (×2 for the cache) in ${Math.round(performance.now() - started)} ms`,
    );
  });

  it("the static export contains none of them", () => {
    const out = mkdtempSync(path.join(tmpdir(), "clarion-canary-export-"));
    const run = spawnSync(process.execPath, ["src/cli/export.ts", "--out", out], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { PATH: process.env.PATH, DATABASE_URL: `file:${server.dbFile}`, PUBLIC_URL: "https://status.example.com", LOG_LEVEL: "warn" },
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    const files = (readdirSync(out, { recursive: true }) as string[]).filter((f) => statSync(path.join(out, f)).isFile());
    const leaks = files.flatMap((f) => findLeaks(readFileSync(path.join(out, f), "utf8"), C).map((l) => `${f}: ${l}`));
    expect(leaks).toEqual([]);
    // The control: the public incident is exported, so the files were really searched.
    expect(files).toContain(path.join("incidents", ids.publicIncident as string, "index.html"));
    rmSync(out, { recursive: true, force: true });
  });
});
