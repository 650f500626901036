import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateSettings } from "../../src/services/settings/update.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeComponent, makeIncident } from "../helpers/factories.ts";
import { createPublicTestServer, requestFresh } from "../helpers/public-server.ts";

let deps: TestDeps;
let server: ReturnType<typeof createPublicTestServer>;
let owner: TestMember;
let http: Server;
let base: string;

beforeAll(async () => {
  deps = await createTestDeps();
  server = createPublicTestServer(deps);
  owner = await createMember(deps, "owner");
  const api = await makeComponent(deps, { name: "Public API" });
  await makeIncident(deps, {
    title: "Slow API",
    components: [{ id: api.id, status: "degraded_performance" }],
    updates: [{ status: "investigating", body: "We are looking into slowness." }],
  });
  const listener = getRequestListener(server.app.fetch);
  http = createServer((req, res) => {
    if (!server.publicCache.serveFromMemory(req, res)) listener(req, res);
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => http.close(() => r()));
  await deps.testDb.destroy();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers, redirect: "manual" });

describe("a URL that names its language", () => {
  it("has its own copy, rendered in that language, cacheable without Vary on language", async () => {
    const first = await get("/?lang=de");
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("?lang=de");
    const again = await get("/?lang=de&utm_source=mail", { "accept-language": "ja" });
    expect(again.headers.get("x-cache")).toBe("HIT");
    expect(again.headers.get("vary")).toBe("Accept-Encoding");
    expect(again.headers.get("cache-control")).toContain("public");
    const ja = await get("/?lang=ja");
    expect(ja.headers.get("etag")).not.toBe(first.headers.get("etag"));
  });
});

describe("the bare URL negotiates", () => {
  it("serves the default-language copy to readers who ask for nothing else, with Vary for caches", async () => {
    await get("/");
    const res = await get("/", { "accept-language": "en-US,en;q=0.9" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-cache")).toBe("HIT");
    expect(res.headers.get("vary")).toBe("Accept-Encoding, Accept-Language, Cookie");
  });

  it("redirects a German browser to ?lang=de, and a remembered choice wins over the browser", async () => {
    const de = await get("/", { "accept-language": "de-DE,de;q=0.9,en;q=0.5" });
    expect(de.status).toBe(302);
    expect(de.headers.get("location")).toBe("/?lang=de");
    expect(de.headers.get("cache-control")).toBe("private, no-store");
    const chosen = await get("/history?page=2026-03&utm=x", { "accept-language": "de", cookie: "clarion_lang=ar" });
    expect(chosen.status).toBe(302);
    expect(chosen.headers.get("location")).toBe("/history?page=2026-03&lang=ar");
  });

  it("never redirects /api/v2 or the feeds: they stay in the default language unless ?lang= asks", async () => {
    const summary = await get("/api/v2/summary.json", { "accept-language": "de" });
    expect(summary.status).toBe(200);
    expect(summary.headers.get("vary")).toBe("Accept-Encoding");
    const atom = await get("/history.atom", { "accept-language": "de" });
    expect(atom.status).toBe(200);
    const english = await atom.text();
    expect(english).toContain('xml:lang="en"');
    expect(english).toContain("Incident history");
    const german = await (await get("/history.atom?lang=de")).text();
    expect(german).toContain('xml:lang="de"');
    expect(german).toContain("Vorfallsverlauf");
    expect(german).toContain("Wird untersucht");
    const rss = await (await get("/history.rss?lang=ja")).text();
    expect(rss).toContain("<language>ja</language>");
    expect(await (await get("/badge.svg?lang=ja")).text()).toContain("ステータス");
  });
});

describe("the page's language settings", () => {
  it("a page offering one language never negotiates; the default language drives feeds and badges", async () => {
    await updateSettings(deps, owner.ctx, { defaultLanguage: "fr", languages: ["fr"] });
    server.publicCache.tracker.invalidate();
    const res = await requestFresh({ request: (u: string) => get(u, { "accept-language": "de" }) }, "/");
    expect(res.status).toBe(200);
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
    const atom = await (await requestFresh({ request: (u: string) => get(u) }, "/history.atom")).text();
    expect(atom).toContain('xml:lang="fr"');
    expect(atom).toContain("Historique des incidents");
  });

  it("refuses a default language the page does not offer, and changes nothing", async () => {
    await expect(updateSettings(deps, owner.ctx, { languages: ["en", "de"] })).rejects.toThrow(/default language/);
    await expect(updateSettings(deps, owner.ctx, { defaultLanguage: "ja", languages: ["en"] })).rejects.toThrow();
  });
});
