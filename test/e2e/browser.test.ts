import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axe, launchBrowser } from "../helpers/browser.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the status page in Chromium", () => {
  it("opens / without JavaScript, and axe finds nothing", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const res = await page.goto(server.url);
    expect(res?.status()).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toBeTruthy();
    await context.close();
    const jsPage = await browser.newPage();
    await jsPage.goto(server.url);
    expect(await axe(jsPage)).toEqual([]);
    await jsPage.close();
  });
});
