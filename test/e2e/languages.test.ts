import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeps } from "../../src/deps.ts";
import { loadEnv } from "../../src/env.ts";
import { ar } from "../../src/i18n/ar.ts";
import { de } from "../../src/i18n/de.ts";
import { LOCALES } from "../../src/i18n/locales.ts";
import { seedDemo } from "../../src/services/demo/seed.ts";
import { axe, launchBrowser } from "../helpers/browser.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: Browser;
let incidentPath: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ DISPATCHER: "off" }), launchBrowser()]);
  const { deps, handle } = await createDeps(loadEnv({ DATABASE_URL: `file:${server.dbFile}`, LOG_LEVEL: "silent" }));
  await seedDemo(deps);
  handle.close();
  await new Promise((r) => setTimeout(r, 1100));
  const incidents = await (await fetch(`${server.url}/api/v2/incidents.json`)).json();
  incidentPath = `/incidents/${incidents.incidents[0].id}`;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the language switcher", () => {
  it("works without JavaScript, and the choice is remembered for the next page", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`${server.url}/history`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "Deutsch" }).click();
    expect(new URL(page.url()).pathname).toBe("/history");
    expect(new URL(page.url()).searchParams.get("lang")).toBe("de");
    expect(await page.getAttribute("html", "lang")).toBe("de");
    expect(await page.locator("h1").first().textContent()).toBe("Vorfallsverlauf");
    // A bare link elsewhere: the cookie brings the reader back to German.
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).searchParams.get("lang")).toBe("de");
    expect(await page.getByRole("link", { name: "Updates abonnieren" }).count()).toBe(1);
    await context.close();
  });

  it("a Japanese browser lands on the Japanese page; English stays on the bare URL", async () => {
    const ja = await browser.newContext({ locale: "ja-JP" });
    const page = await ja.newPage();
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).search).toBe("?lang=ja");
    expect(await page.getAttribute("html", "lang")).toBe("ja");
    await ja.close();
    const en = await browser.newContext({ locale: "en-US" });
    const other = await en.newPage();
    await other.goto(`${server.url}/`);
    expect(new URL(other.url()).search).toBe("");
    await en.close();
  });
});

describe("Arabic", () => {
  it("reads right to left and nothing overflows at 320 px, on / and an incident page", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 }, colorScheme: "dark" });
    const page = await context.newPage();
    for (const path of ["/?lang=ar", `${incidentPath}?lang=ar`, "/history?lang=ar"]) {
      const res = await page.goto(server.url + path);
      expect(res?.status(), path).toBe(200);
      expect(await page.getAttribute("html", "dir"), path).toBe("rtl");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      // The skip link stays off screen on the start side (the right), not stretching the page to the left.
      const skip = await page.locator(".skip").boundingBox();
      expect(skip === null || skip.x > 320 || skip.x + skip.width < 0, path).toBe(true);
    }
    await context.close();
  });
});

describe("the report pages", () => {
  it("/report?lang=ar reads right to left with Arabic labels and no overflow at 320 px", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    expect((await page.goto(`${server.url}/report?lang=ar`))?.status()).toBe(200);
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    expect(await page.getAttribute("html", "lang")).toBe("ar");
    expect((await page.locator("h1").textContent())?.trim()).toBe(ar["page.report"]);
    expect((await page.locator('label[for="what"]').textContent())?.trim()).toBe(ar["report.what"]);
    expect((await page.locator('label[for="email"]').textContent())?.trim()).toBe(ar["report.email"]);
    expect((await page.locator('button[type="submit"]').textContent())?.trim()).toBe(ar["report.send"]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await context.close();
  });

  it("a German reporter's confirmation link opens a German page", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    const res = await page.goto(`${server.url}/report/confirm/zzzzzzzzzzzz?e=a%40example.com&sig=wrong&lang=de`);
    expect(res?.status()).toBe(404);
    expect((await page.locator("h1").textContent())?.trim()).toBe(de["report.confirmTitle"]);
    expect(await page.locator('[role="alert"]').textContent()).toContain(de["report.linkInvalid"]);
    await context.close();
  });

  it("axe finds nothing on /report in German and Arabic, light and dark", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ viewport: { width: 390, height: 900 }, colorScheme });
      const page = await context.newPage();
      for (const lang of ["de", "ar"]) {
        await page.goto(`${server.url}/report?lang=${lang}`);
        expect(await page.getAttribute("html", "lang")).toBe(lang);
        expect(await axe(page), `${lang} ${colorScheme}`).toEqual([]);
      }
      await context.close();
    }
  });
});

describe("axe in every language", () => {
  it("finds nothing on / in any shipped language", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
    const page = await context.newPage();
    for (const lang of LOCALES) {
      await page.goto(`${server.url}/?lang=${lang}`);
      expect(await page.getAttribute("html", "lang")).toBe(lang);
      expect(await axe(page), lang).toEqual([]);
    }
    await context.close();
  });
});
