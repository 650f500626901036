import { request } from "node:http";
import type { Browser, BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeps } from "../../src/deps.ts";
import { loadEnv } from "../../src/env.ts";
import { seedDemo } from "../../src/services/demo/seed.ts";
import { axe, launchBrowser } from "../helpers/browser.ts";
import { makeViewerCookie } from "../helpers/factories.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: Browser;
let incidentPath: string;
let viewerCookie: Record<string, string>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ DISPATCHER: "off" }), launchBrowser()]);
  const { deps, handle } = await createDeps(loadEnv({ DATABASE_URL: `file:${server.dbFile}`, LOG_LEVEL: "silent" }));
  await seedDemo(deps);
  viewerCookie = await makeViewerCookie(deps, "cto@acme.example");
  handle.close();
  // Another process wrote: the server sees the new content version within a second.
  await new Promise((r) => setTimeout(r, 1100));
  const incidents = await (await fetch(`${server.url}/api/v2/incidents.json`)).json();
  incidentPath = `/incidents/${incidents.incidents.find((i: { status: string }) => i.status === "resolved").id}`;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const SMALL_DARK: BrowserContextOptions = { colorScheme: "dark", viewport: { width: 320, height: 800 } };

async function check(path: string, heading: RegExp) {
  // Without JavaScript, dark, 320 px wide: everything is there and nothing overflows sideways.
  const noJs = await browser.newContext({ ...SMALL_DARK, javaScriptEnabled: false });
  const page = await noJs.newPage();
  const res = await page.goto(server.url + path);
  expect(res?.status()).toBe(200);
  expect(await page.locator("h1").first().textContent()).toMatch(heading);
  // The only script is the optional same-origin /refresh.js (the CSP allows no inline script).
  expect(await page.locator("script:not([src])").count()).toBe(0);
  await noJs.close();
  // Same page with JavaScript on (only so axe can run): the layout and contrast checks.
  const ctx = await browser.newContext(SMALL_DARK);
  const p = await ctx.newPage();
  await p.goto(server.url + path);
  const layout = await p.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    background: getComputedStyle(document.body).backgroundColor,
  }));
  expect(layout.overflow).toBeLessThanOrEqual(0);
  expect(layout.background).toBe("rgb(13, 17, 23)");
  expect(await axe(p)).toEqual([]);
  await ctx.close();
}

function compressedSize(path: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers: { "accept-encoding": encoding } }, (res) => {
      let n = 0;
      res.on("data", (c: Buffer) => {
        n += c.length;
      });
      res.on("end", () => resolve(n));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the public page in Chromium, on the demo data", () => {
  it("/ shows the banner, incidents, maintenance and 90-day bars; axe finds nothing", async () => {
    await check("/", /Acme Cloud Status/);
    const html = await (await fetch(server.url)).text();
    expect(html).toContain("Active incidents");
    expect(html).toContain("Maintenance in progress");
    expect(html).toContain("Upcoming maintenance");
    // One accessible summary per component bar, and the rows link to the component pages.
    expect(html.match(/class="bar" role="group" aria-label="[^"]+, last 90 days: [\d.]+ % uptime; /g)?.length).toBeGreaterThanOrEqual(30);
    expect(html.match(/<a class="name" href="\/components\/[0-9a-z]{12}"/g)?.length).toBeGreaterThanOrEqual(30);
    expect(html).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T/);
  });

  it("an incident page shows its timeline newest first; axe finds nothing", async () => {
    await check(incidentPath, /—/);
    const html = await (await fetch(server.url + incidentPath)).text();
    const times = [...html.matchAll(/<li><h3>[^<]+<\/h3><p class="small muted"><time datetime="([^"]+)"/g)].map((m) =>
      Date.parse(m[1] as string),
    );
    expect(times.length).toBeGreaterThanOrEqual(3);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("history and the embeddable widget pass axe too", async () => {
    for (const path of ["/history", "/embed"]) {
      const page = await browser.newPage();
      await page.goto(server.url + path);
      expect(await axe(page), path).toEqual([]);
      await page.close();
    }
  });

  it("/ is under 30 KB compressed, CSS included", async () => {
    expect(await compressedSize("/", "br")).toBeLessThan(30 * 1024);
    expect(await compressedSize("/", "gzip")).toBeLessThan(30 * 1024);
  });

  it("an unknown incident is a friendly 404", async () => {
    const res = await fetch(`${server.url}/incidents/zzzzzzzzzzzz`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Page not found");
  });

  it("a verified audience member gets their variant, privately; the public never does", async () => {
    const variant = "your dedicated cluster is affected";
    const anonymous = await (await fetch(server.url)).text();
    expect(anonymous).not.toContain(variant);
    const res = await fetch(server.url, { headers: viewerCookie });
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("vary")).toContain("Cookie");
    expect(res.headers.get("x-robots-tag")).toBe("noindex");
    expect(await res.text()).toContain(variant);
    expect(await (await fetch(server.url)).text()).not.toContain(variant);
    expect(anonymous).not.toContain("Internal: rollback");
  });
});
