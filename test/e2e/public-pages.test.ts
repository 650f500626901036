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
    // The past week's resolved incidents, inline as on Statuspage.
    expect(html).toMatch(/<h2 id="h-recent">Past 7 days<\/h2><ul class="lines"><li class="line imp-\w+"> ?<a href="\/incidents\//);
    // One accessible summary per component bar, and the rows link to the component pages.
    expect(
      html.match(/<a class="bar" href="\/components\/[0-9a-z]{12}#days" aria-label="[^"]+, last 90 days: [\d.]+% uptime; /g)?.length,
    ).toBeGreaterThanOrEqual(30);
    expect(html.match(/<a class="name" href="\/components\/[0-9a-z]{12}"/g)?.length).toBeGreaterThanOrEqual(30);
    expect(html).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T/);
  });

  it("an incident page shows its timeline newest first; axe finds nothing", async () => {
    await check(incidentPath, /—/);
    const html = await (await fetch(server.url + incidentPath)).text();
    const times = [
      ...html.matchAll(/<li><h3><strong class="ist t-\w">[^<]+<\/strong><\/h3><p class="small muted"><time datetime="([^"]+)"/g),
    ].map((m) => Date.parse(m[1] as string));
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

  it("/ on the demo: at most 100 KB of HTML and 1,500 DOM nodes; groups collapse, with a chevron, unless something in them is wrong", async () => {
    const html = await (await fetch(server.url)).text();
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(100 * 1024);
    const page = await browser.newPage();
    await page.goto(server.url);
    expect(await page.evaluate(() => document.querySelectorAll("*").length)).toBeLessThanOrEqual(1500);
    const groups = await page
      .locator("details.group")
      .evaluateAll((ds) =>
        ds.map((d) => ({ open: (d as HTMLDetailsElement).open, ok: d.querySelector("summary .st")?.className.includes("t-o") ?? false })),
      );
    expect(groups.length).toBeGreaterThan(1);
    for (const g of groups) expect(g.open).toBe(!g.ok);
    expect(await page.locator("details.group summary .chev").first().isVisible()).toBe(true);
    await page.close();
  });

  it("a bar leads to the component page, where each notable day is a calendar cell opening that day's incidents with durations", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url);
    const bar = page.locator("#components a.bar").first();
    const href = (await bar.getAttribute("href")) as string;
    expect(href).toMatch(/^\/components\/[0-9a-z]{12}#days$/);
    await bar.click();
    await page.waitForURL(`**${href}`);
    const day = page.locator(".cal a").first();
    expect(await day.getAttribute("title")).toMatch(/^\d{1,2} \w{3} \d{4}: /);
    await day.click();
    const anchor = new URL(page.url()).hash;
    expect(anchor).toMatch(/^#d\d{4}-\d{2}-\d{2}$/);
    const entry = page.locator(`li${anchor}:target`);
    expect(await entry.count()).toBe(1);
    expect(await entry.textContent()).toMatch(/(Resolved after|lasted|ongoing|Reduced service)/);
    expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute("href")).toMatch(
      /^\/history\.atom\?component=/,
    );
    // The component's own maintenance calendar, which a calendar app can subscribe to.
    const calendar = (await page.locator('main a[type="text/calendar"]').getAttribute("href")) as string;
    expect(calendar).toBe(`/maintenance.ics?component=${href.slice("/components/".length, href.indexOf("#"))}`);
    const ics = await fetch(server.url + calendar);
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    expect(await ics.text()).toContain("BEGIN:VCALENDAR");
    await context.close();
  });

  it("on a phone every day control is big enough to tap (axe's WCAG 2.2 target size), in 90 cells on the component page", async () => {
    const home = await (await fetch(server.url)).text();
    // A dozen of the demo's components are enough to meet neighbouring notable days.
    const components = [...home.matchAll(/<a class="name" href="(\/components\/[0-9a-z]{12})"/g)].map((m) => m[1] as string).slice(0, 12);
    for (const width of [390]) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, isMobile: true, hasTouch: true });
      for (const path of ["/", ...components]) {
        const page = await context.newPage();
        await page.goto(server.url + path);
        if (path !== "/") {
          const cells = await page.locator(".cal > *").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
          expect(cells).toHaveLength(90);
          expect(Math.min(...cells), path).toBeGreaterThanOrEqual(21);
        }
        expect(
          (await axe(page, ["wcag22aa"])).filter((v) => v.id === "target-size"),
          `${path} at ${width} px`,
        ).toEqual([]);
        await page.close();
      }
      await context.close();
    }
  });

  it("every public page works without JavaScript at 320 px, dark, and axe finds nothing", async () => {
    const { incidents } = await (await fetch(`${server.url}/api/v2/incidents.json`)).json();
    const { scheduled_maintenances: maint } = await (await fetch(`${server.url}/api/v2/scheduled-maintenances.json`)).json();
    const home = await (await fetch(server.url)).text();
    const component = /href="(\/components\/[0-9a-z]{12})"/.exec(home)?.[1] as string;
    const open = incidents.find((i: { status: string }) => i.status !== "resolved" && i.status !== "postmortem");
    for (const [path, heading] of [
      [component, /\w/],
      ["/history", /Incident history/],
      ["/history?type=incident&impact=major", /Incident history/],
      [`/incidents/${open.id}`, /\w/],
      [`/maintenance/${maint[0].id}`, /\w/],
      ["/subscribe", /Subscribe/],
      ["/report", /\w/],
    ] as const)
      await check(path, heading);
  });

  it("the widget follows ?theme=, not the visitor, and fits 220 px; compact is one line", async () => {
    for (const [query, background] of [
      ["?theme=light", "rgb(255, 255, 255)"],
      ["?theme=dark", "rgb(13, 17, 23)"],
    ] as const) {
      const context = await browser.newContext({
        colorScheme: background.startsWith("rgb(255") ? "dark" : "light",
        viewport: { width: 220, height: 300 },
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/embed${query}`);
      const r = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - innerWidth,
        bg: getComputedStyle(document.body).backgroundColor,
      }));
      expect(r, query).toEqual({ overflow: 0, bg: background });
      expect(await axe(page), query).toEqual([]);
      await context.close();
    }
    const compact = await (await fetch(`${server.url}/embed?compact=1`)).text();
    expect(compact).toContain('class="embed compact"');
    expect(compact).not.toContain("/incidents/");
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
