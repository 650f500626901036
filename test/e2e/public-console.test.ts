import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeps } from "../../src/deps.ts";
import { loadEnv } from "../../src/env.ts";
import { createMember } from "../helpers/actors.ts";
import { axe, launchBrowser } from "../helpers/browser.ts";
import { fetchFresh, type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: Browser;
let cookie: { name: string; value: string };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ DISPATCHER: "off" }), launchBrowser()]);
  const { deps, handle } = await createDeps(loadEnv({ DATABASE_URL: `file:${server.dbFile}`, LOG_LEVEL: "silent" }));
  const admin = await createMember(deps, "admin");
  handle.close();
  const [name, value] = (admin.cookieHeaders.cookie as string).split("=") as [string, string];
  cookie = { name, value };
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled });
  await context.addCookies([{ ...cookie, url: server.url }]);
  return context;
}

describe("the console's component and settings pages, without JavaScript", () => {
  it("adds a group and a component; a bad field keeps the typed text and names the field; / shows it next", async () => {
    const context = await signedIn(false);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/components`);
    await page.fill("#g-name", "Core platform");
    await page.click("text=Add group");
    await expect(page.locator(".notice").textContent()).resolves.toContain("Core platform");

    await page.fill("#f-name", "Public API");
    await page.fill("#f-description", "REST and GraphQL");
    await page.selectOption("#nc-group", { label: "Core platform" });
    await page.fill("#f-visibility", "Not A Slug");
    await page.click("text=Add component");
    expect(await page.locator("#f-visibility-error").textContent()).toContain("audience slug");
    expect(await page.inputValue("#f-name")).toBe("Public API");
    expect(await page.inputValue("#f-description")).toBe("REST and GraphQL");

    await page.fill("#f-visibility", "public");
    await page.selectOption("#nc-status", "partial_outage");
    await page.click("text=Add component");
    await expect(page.locator(".notice").textContent()).resolves.toContain("Public API");
    await context.close();

    const home = await (await fetchFresh(server.url)).text();
    expect(home).toContain("Public API");
    expect(home).toContain("Partial outage");
  });

  it("saves settings; a bad time zone is refused naming the field; the page title follows", async () => {
    const context = await signedIn(false);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/settings`);
    await page.fill("#f-name", "Acme Status");
    await page.fill("#f-timeZone", "Mars/Olympus");
    await page.click("text=Save settings");
    expect(await page.locator("#f-timeZone-error").textContent()).toContain("time zone");
    expect(await page.inputValue("#f-name")).toBe("Acme Status");
    await page.fill("#f-timeZone", "Europe/Paris");
    await page.click("text=Save settings");
    await expect(page.locator(".notice").textContent()).resolves.toContain("Saved");
    await context.close();
    expect(await (await fetchFresh(server.url)).text()).toContain(" · Acme Status</title>");
  });

  it("theme, custom CSS, 'Powered by' and the brand colour reach the public page; the stylesheet is a file, never inline", async () => {
    const context = await signedIn(false);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/settings`);
    await page.fill("#f-brandColor", "#ffd400");
    await page.selectOption("#f-theme", "dark");
    await page.fill("#f-customCss", ".banner{letter-spacing:.02em}</style><script>alert(1)</script>");
    await page.uncheck("input[name=showPoweredBy]");
    await page.click("text=Save settings");
    await expect(page.locator(".notice").textContent()).resolves.toContain("Saved");
    await page.fill("#f-customCss", "x".repeat(20_001));
    await page.click("text=Save settings");
    expect(await page.locator("p.error").first().textContent()).toBe("must be at most 20 KB");
    await context.close();

    const home = await (await fetchFresh(server.url)).text();
    expect(home).toContain('data-theme="dark"');
    expect(home).toContain('<link rel="stylesheet" href="/custom.css">');
    expect(home).not.toContain("alert(1)");
    expect(home).not.toContain("Powered by Clarion");
    // Yellow is too light for white text: the button gets black, links a darkened yellow.
    expect(home).toMatch(/--brand:#ffd400;--cta-fg:#000000;--ll:#[0-9a-f]{6};--ld:#ffd400/);
    const css = await fetchFresh(`${server.url}/custom.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await css.text()).toContain(".banner{letter-spacing:.02em}");
    const visitor = await browser.newContext({ colorScheme: "light", viewport: { width: 390, height: 800 } });
    const p = await visitor.newPage();
    await p.goto(server.url);
    expect(await p.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(13, 17, 23)");
    expect(await axe(p)).toEqual([]);
    await visitor.close();
  });

  it("the Share & embed page gives snippets with the page's absolute URLs", async () => {
    const context = await signedIn(false);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/share`);
    expect(await page.inputValue("#c-badge")).toContain(`<img src="${server.url}/badge.svg"`);
    expect(await page.inputValue("#c-widget")).toContain(`${server.url}/embed?theme=light`);
    expect(await page.inputValue("#c-statuspage")).toBe(`${server.url}/api/v2/summary.json`);
    expect(await page.locator("#s-components + .scroll, #s-components ~ div table, #s-components ~ p").count()).toBeGreaterThan(0);
    await context.close();
  });

  it("axe finds nothing on the components and settings pages", async () => {
    const context = await signedIn(true);
    const page = await context.newPage();
    for (const path of ["/admin/components", "/admin/settings", "/admin/share"]) {
      await page.goto(server.url + path);
      expect(await axe(page), path).toEqual([]);
    }
    await context.close();
  });
});
