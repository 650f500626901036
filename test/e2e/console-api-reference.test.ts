import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.ts";
import { SESSION_COOKIE } from "../../src/auth/cookies.ts";
import { axeAt, launchBrowser } from "../helpers/browser.ts";
import { seedConsoleSession } from "../helpers/console-session.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: Browser;
let viewer: BrowserContext;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const handle = await createDb(`file:${server.dbFile}`);
  const token = await seedConsoleSession(handle.db, "viewer", { email: "v@example.com", name: "Viewer" });
  handle.close();
  viewer = await browser.newContext({ javaScriptEnabled: false });
  await viewer.addCookies([{ name: SESSION_COOKIE, value: token, url: server.url }]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the console's API reference (/admin/api)", () => {
  it("shows what each operation answers and the fields of the named types", async () => {
    const page = await viewer.newPage();
    await page.goto(`${server.url}/admin/api`);
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/admin-api.png`, fullPage: false });
    const create = page.locator("article", { has: page.locator("h3", { hasText: /POST\s+\/api\/admin\/incidents$/ }) });
    expect(await create.textContent()).toMatch(/Answers 201 Created: Incident\./);
    const remove = page.locator("article", { has: page.locator("h3", { hasText: /DELETE\s+\/api\/admin\/components\/\{id\}$/ }) });
    expect(await remove.textContent()).toMatch(/Answers 204 No Content/);
    await page.click('a[href="#type-Incident"] >> nth=0');
    const incident = page.locator("#type-Incident");
    expect(await incident.locator("td code").allTextContents()).toEqual(expect.arrayContaining(["id", "title", "updates"]));
    expect(await incident.textContent()).toContain("list of Update");
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/admin-api-types.png` });
    expect(await axeAt(browser, `${server.url}/admin/api`, viewer)).toEqual([]);
  });
});
