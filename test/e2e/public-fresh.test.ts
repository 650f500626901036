import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { createDeps, type Deps } from "../../src/deps.ts";
import { loadEnv } from "../../src/env.ts";
import { seedDemo } from "../../src/services/demo/seed.ts";
import { createIncident } from "../../src/services/incidents/create.ts";
import { CreateIncident } from "../../src/services/incidents/schemas.ts";
import { getSettings } from "../../src/services/settings/get.ts";
import { axe, launchBrowser } from "../helpers/browser.ts";
import { makeViewerCookie } from "../helpers/factories.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

/** Subscribe and report links, "Updated", the refresh script, the private-view bar and the badge's 404, on the demo. */
let server: RunningServer;
let browser: Browser;
let deps: Deps;
let close: () => void;
let openIncident: string;
let viewerCookie: { name: string; value: string };
let pageName: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ DISPATCHER: "off" }), launchBrowser()]);
  const made = await createDeps(loadEnv({ DATABASE_URL: `file:${server.dbFile}`, LOG_LEVEL: "silent" }));
  deps = made.deps;
  close = () => made.handle.close();
  await seedDemo(deps);
  const cookie = (await makeViewerCookie(deps, "cto@acme.example")).cookie as string;
  viewerCookie = { name: cookie.slice(0, cookie.indexOf("=")), value: cookie.slice(cookie.indexOf("=") + 1) };
  await new Promise((r) => setTimeout(r, 1100));
  const { incidents } = await (await fetch(`${server.url}/api/v2/incidents.json`)).json();
  pageName = (await getSettings(deps)).name;
  openIncident = incidents.find((i: { status: string }) => i.status === "identified" || i.status === "investigating").id;
});
afterAll(async () => {
  close?.();
  await browser?.close();
  await server?.stop();
});

describe("the public page: findable, fresh, private view", () => {
  it("every public page offers 'Subscribe to updates' and 'Report a problem', with JavaScript off", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const path of ["/", "/history", `/incidents/${openIncident}`, "/subscribe", "/report", "/access"]) {
      await page.goto(server.url + path);
      const header = page.locator("header.top");
      expect(await header.getByRole("link", { name: "Subscribe to updates" }).getAttribute("href"), path).toBe("/subscribe");
      expect(await header.getByRole("link", { name: "Report a problem" }).getAttribute("href"), path).toBe("/report");
      // Branded everywhere: the page's own name, not "Status", on every page, in the header and the title.
      expect(await header.locator(".brand").textContent(), path).toBe(pageName);
      expect(await page.title(), path).toContain(pageName);
    }
    // The demo's open incident has several updates: "Was this helpful?" is asked once, on the latest.
    await page.goto(`${server.url}/incidents/${openIncident}`);
    expect(await page.locator(".timeline li").count()).toBeGreaterThan(1);
    expect(await page.locator("form.feedback").count()).toBe(1);
    expect(await page.locator(".timeline li").first().locator("form.feedback").count()).toBe(1);
    await expect(page.locator("article .meta").textContent()).resolves.not.toContain("Impact:");
    // A resolved incident says how long it lasted, in words.
    const { incidents } = await (await fetch(`${server.url}/api/v2/incidents.json`)).json();
    const resolved = incidents.find((i: { status: string }) => i.status === "resolved");
    await page.goto(`${server.url}/incidents/${resolved.id}`);
    await expect(page.locator("article .meta").textContent()).resolves.toMatch(/Resolved after \d+ (min|h)/);
    await page.goto(`${server.url}/no-such-page`);
    expect(await page.locator("header.top .brand").textContent()).toBe(pageName);
    await context.close();
  });

  it("an open incident offers 'Subscribe to this incident'; the form names it and takes an address, without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/incidents/${openIncident}`);
    await page.getByRole("link", { name: "Subscribe to this incident" }).click();
    expect(page.url()).toBe(`${server.url}/subscribe?incident=${openIncident}`);
    expect(await page.locator("h1").textContent()).toBe("Subscribe to this incident");
    await page.getByLabel("Email address").fill("follower@example.com");
    await page.getByRole("button", { name: "Subscribe" }).click();
    expect(await page.getByRole("status").textContent()).toContain("Check your inbox");
    await context.close();
  });

  it("'Only what I choose' with nothing chosen is refused with an error that says what to do", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/subscribe`);
    await page.getByLabel("Email address").fill("picky@example.com");
    await page.getByLabel("Only what I choose below").check();
    const res = await Promise.all([
      // The form posts with the reader's language (/subscribe?lang=en), so its answer is in that language.
      page.waitForResponse((r) => new URL(r.url()).pathname === "/subscribe" && r.request().method() === "POST"),
      page.getByRole("button", { name: "Subscribe" }).click(),
    ]);
    expect(res[0].status()).toBe(400);
    expect(await page.locator("#scope-error").textContent()).toContain(
      "Choose at least one component or group below, or choose Everything",
    );
    expect(await page.getByRole("status").count()).toBe(0);
    expect(await page.getByLabel("Only what I choose below").isChecked()).toBe(true);
    await context.close();
  });

  it("without JavaScript: 'Updated' in the page's time zone and a note to reload", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, timezoneId: "America/New_York" });
    const page = await context.newPage();
    await page.goto(server.url);
    const updated = page.locator("#updated");
    expect(await updated.textContent()).toMatch(/Updated (\d{1,2} \w{3}, )?\d{2}:\d{2} UTC/);
    expect(await updated.locator("noscript").count()).toBe(1);
    // biome-ignore lint/performance/useDomNodeTextContent: rendered text on purpose: the <noscript> note must be shown, not only present
    expect(await updated.innerText()).toContain("Reload the page to see the latest");
    await context.close();
  });

  it("with JavaScript: times in the visitor's zone, and a change appears without a reload", async () => {
    const context = await browser.newContext({ timezoneId: "America/New_York" });
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(server.url);
    const when = page.locator("#updated time");
    await expect.poll(() => when.textContent()).toMatch(/\d{2}:\d{2} (EST|GMT-5)/);
    expect(await when.getAttribute("title")).toMatch(/UTC \(the page's time zone\)/);
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });
    const title = "Login failures — refresh canary";
    await createIncident(
      deps,
      { actor: SYSTEM },
      CreateIncident.parse({ title, body: "We are looking into it.", impact: "major", visibility: "public" }),
    );
    const active = page.locator("#active");
    for (let i = 0; i < 20 && !((await active.textContent().catch(() => "")) ?? "").includes(title); i++) {
      await page.clock.runFor(31_000); // the script polls every 30 s; the server may still hand out the previous copy once
      await page.waitForTimeout(250);
    }
    expect(await active.textContent()).toContain(title);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await page.locator("[data-live-note]").textContent()).toContain("refreshed");
    expect(await axe(page)).toEqual([]);
    await context.close();
  });

  it("a private view shows whose status it is, with Leave; the public copy never does", async () => {
    const context = await browser.newContext();
    await context.addCookies([{ ...viewerCookie, url: server.url }]);
    const page = await context.newPage();
    await page.goto(server.url);
    const bar = page.getByRole("region", { name: "Private view" });
    expect(await bar.textContent()).toMatch(/You are viewing Acme Corp.*’s status/);
    expect(await (await fetch(server.url)).text()).not.toContain("You are viewing");
    expect(await axe(page)).toEqual([]);
    await bar.getByRole("button", { name: "Leave" }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.getByRole("region", { name: "Private view" }).count()).toBe(0);
    expect((await context.cookies()).some((c) => c.name === viewerCookie.name && c.value)).toBe(false);
    await context.close();
  });

  it("the forms the header links to pass axe, light and dark, at 390 px", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ colorScheme, viewport: { width: 390, height: 800 } });
      const page = await context.newPage();
      for (const path of ["/subscribe", `/subscribe?incident=${openIncident}`, "/report", "/access"]) {
        await page.goto(server.url + path);
        expect(await axe(page), `${path} ${colorScheme}`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), path).toBeLessThanOrEqual(0);
      }
      await context.close();
    }
  });

  it("/badge.svg with an unknown component answers 404 with a readable SVG, every time", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.url}/badge.svg?component=zzzzzzzzzzzz`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("image/svg+xml");
      expect(await res.text()).toContain("unknown component");
    }
    expect((await fetch(`${server.url}/badge.svg`)).status).toBe(200);
  });
});
