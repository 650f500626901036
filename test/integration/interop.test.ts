import { SaxesParser } from "saxes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeXml, stripNonXmlChars, tagUri } from "../../src/lib/xml.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { makeComponent, makeIncident } from "../helpers/factories.ts";
import { createPublicTestServer } from "../helpers/public-server.ts";

/** Issue 21's interoperability findings: well-formed XML, CORS preflight on /api/v2, Atom ids on the operator's domain. */
const PASTED = "Deploy \u001b[31mFAILED\u001b[0m\b on db-1";
const CLEANED = "Deploy [31mFAILED[0m on db-1";

let deps: TestDeps;
let server: ReturnType<typeof createPublicTestServer>;
let componentId: string;
let incidentId: string;

beforeAll(async () => {
  deps = await createTestDeps({ env: { PUBLIC_URL: "https://status.example.com" } });
  server = createPublicTestServer(deps);
  componentId = (await makeComponent(deps, { name: `Database \u001b[1mprimary\u0007` })).id;
  incidentId = await makeIncident(deps, {
    title: PASTED,
    components: [{ id: componentId, status: "major_outage" }],
    updates: [{ status: "investigating", body: `Output:\n\n    \u001b[31merror\u001b[0m\u0008 code 7` }],
  });
});
afterAll(() => deps.testDb.destroy());

const get = (path: string, init: RequestInit = {}) => server.app.request(`https://status.example.com${path}`, init);

/** A strict XML 1.0 parser: the first well-formedness error, or null. */
function xmlError(doc: string): string | null {
  const parser = new SaxesParser();
  let error: string | null = null;
  parser.on("error", (err) => {
    error ??= err.message;
  });
  parser.write(doc).close();
  return error;
}

describe("control characters never make XML ill-formed", () => {
  it("a strict parser reads the feeds, the badges and the sitemap with pasted terminal output in titles and names", async () => {
    for (const path of [
      "/history.atom",
      "/history.rss",
      `/history.atom?component=${componentId}`,
      "/badge.svg",
      `/badge.svg?component=${componentId}`,
      "/sitemap.xml",
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(xmlError(await res.text()), path).toBeNull();
    }
    expect(await (await get("/history.atom")).text()).toContain(`<title>${CLEANED}</title>`);
    expect(await (await get("/history.rss")).text()).toContain(`<title>${CLEANED}</title>`);
    expect(await (await get(`/badge.svg?component=${componentId}`)).text()).toContain("<title>Database [1mprimary: ");
  });

  it("the one rule keeps every character XML allows and drops the rest", () => {
    expect(stripNonXmlChars("tab\tline\ncr\r é ✓ 😀")).toBe("tab\tline\ncr\r é ✓ 😀");
    expect(stripNonXmlChars("a\u0000b\u0008c\u001bd\u007f\ufffee\uffff\ud800f")).toBe("abcd\u007fef");
    expect(escapeXml(`<a href="x">&'\u001b`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
    expect(xmlError(`<a t="${escapeXml(PASTED)}">${escapeXml(PASTED)}</a>`)).toBeNull();
  });
});

describe("CORS preflight on /api/v2", () => {
  it("answers like the GETs: any origin, GET/HEAD, the requested headers", async () => {
    const res = await get("/api/v2/summary.json", {
      method: "OPTIONS",
      headers: {
        origin: "https://dashboard.example.org",
        "access-control-request-method": "GET",
        "access-control-request-headers": "if-none-match",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toContain("GET");
    expect(res.headers.get("access-control-allow-headers")).toBe("if-none-match");
    const getRes = await get("/api/v2/summary.json", { headers: { origin: "https://dashboard.example.org" } });
    expect(getRes.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("an unknown endpoint still answers 404, and a malformed header list is not echoed", async () => {
    expect((await get("/api/v2/nope.json", { method: "OPTIONS" })).status).toBe(404);
    const res = await get("/api/v2/status.json", { method: "OPTIONS", headers: { "access-control-request-headers": "x-a, y b;c" } });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-headers")).toBeNull();
  });
});

describe("Atom entry ids", () => {
  it("use PUBLIC_URL's host and the item's creation day, and stay the same across renders", async () => {
    const first = await (await get("/history.atom")).text();
    const ids = [...first.matchAll(/<entry><id>([^<]+)<\/id>/g)].map((m) => m[1]);
    expect(ids).toContain(`tag:status.example.com,2026-03-02:incident/${incidentId}`);
    expect(first).not.toContain("tag:clarion");
    await makeIncident(deps, { title: "Later" });
    server.publicCache.tracker.invalidate();
    let again = await get("/history.atom");
    for (let i = 0; i < 200 && again.headers.get("x-cache") === "STALE"; i++) {
      await new Promise((r) => setTimeout(r, 10));
      again = await get("/history.atom");
    }
    expect(await again.text()).toContain(`<id>tag:status.example.com,2026-03-02:incident/${incidentId}</id>`);
    expect(tagUri("http://127.0.0.1:4321", new Date("2027-01-05T23:00:00Z"), "maintenance/x")).toBe(
      "tag:127.0.0.1,2027-01-05:maintenance/x",
    );
  });
});
