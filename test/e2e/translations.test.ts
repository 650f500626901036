import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.ts";
import { createDeps } from "../../src/deps.ts";
import { loadEnv } from "../../src/env.ts";
import { seedDemo } from "../../src/services/demo/seed.ts";
import { axeAt, launchBrowser } from "../helpers/browser.ts";
import { seedConsoleSession } from "../helpers/console-session.ts";
import { fetchFresh, type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: Browser;
let sessionToken: string;
/** The demo's open "Delayed processing" incident: translated into German and Arabic, not French. */
let incidentId: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ DISPATCHER: "off" }), launchBrowser()]);
  const { deps, handle } = await createDeps(loadEnv({ DATABASE_URL: `file:${server.dbFile}`, LOG_LEVEL: "silent" }));
  await seedDemo(deps);
  handle.close();
  const db = await createDb(`file:${server.dbFile}`);
  sessionToken = await seedConsoleSession(db.db, "owner", { email: "owner@example.com", name: "Olga Owner" });
  db.close();
  await new Promise((r) => setTimeout(r, 1100));
  const { incidents } = await (await fetch(`${server.url}/api/v2/incidents.json`)).json();
  incidentId = incidents.find((i: { name: string }) => i.name.startsWith("Delayed processing")).id;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("translated incident content", () => {
  it("a German reader gets the German update; a French reader gets it as written, with the note", async () => {
    const de = await browser.newContext({ javaScriptEnabled: false, locale: "de-DE" });
    const page = await de.newPage();
    await page.goto(`${server.url}/incidents/${incidentId}`);
    expect(new URL(page.url()).searchParams.get("lang")).toBe("de");
    const timeline = page.locator(".timeline");
    await expect(timeline.textContent()).resolves.toContain("Wir haben die Ursache gefunden");
    expect(await timeline.textContent()).not.toContain("We have identified the cause");
    expect(await page.locator(".untranslated").count()).toBe(0);
    await de.close();

    const fr = await browser.newContext({ javaScriptEnabled: false, locale: "fr-FR" });
    const french = await fr.newPage();
    await french.goto(`${server.url}/incidents/${incidentId}`);
    expect(new URL(french.url()).searchParams.get("lang")).toBe("fr");
    await expect(french.locator(".timeline").textContent()).resolves.toContain("We have identified the cause");
    const note = french.locator(".untranslated").first();
    await expect(note.textContent()).resolves.toBe("Pas encore traduit : affiché dans la langue d’origine (anglais).");
    // The English words are marked as English inside the French page.
    await expect(french.locator(".timeline [lang=en]").count()).resolves.toBeGreaterThan(0);
    await fr.close();
    // axe runs in the page, so with JavaScript on.
    for (const lang of ["de", "fr", "ar"])
      expect(await axeAt(browser, `${server.url}/incidents/${incidentId}?lang=${lang}`), lang).toEqual([]);
  });

  it("the owner adds the French translation side by side without JavaScript, and French readers get it", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.addCookies([{ name: "clarion_session", value: sessionToken, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/incidents/${incidentId}`);
    const panel = page.locator("#translations");
    await expect(panel.textContent()).resolves.toMatch(/translations are missing across 2 texts/);
    const first = panel.locator(".tr-text").first();
    const textId = (await first.getAttribute("id"))?.replace("tr-", "");
    await first.getByRole("link", { name: "French: missing" }).click();
    await expect(first.locator(".original").textContent()).resolves.toContain("We have identified the cause");
    await first.getByLabel("French translation (markdown)").fill("Nous avons identifié la cause : une configuration défectueuse.");
    await first.getByRole("button", { name: "Save French translation" }).click();
    await expect(page.locator("[role=status]").first().textContent()).resolves.toContain("Added the French translation");
    await expect(page.locator(".tr-text").first().getByRole("link", { name: "French: translated" }).count()).resolves.toBe(1);
    await context.close();
    const signedIn = await browser.newContext();
    await signedIn.addCookies([{ name: "clarion_session", value: sessionToken, url: server.url }]);
    expect(await axeAt(browser, `${server.url}/admin/incidents/${incidentId}?translate=${textId}&lang=ar`, signedIn)).toEqual([]);
    await signedIn.close();

    // Readers get the previous copy until the new render is ready (stale-while-revalidate): wait for it.
    await new Promise((r) => setTimeout(r, 1100));
    await fetchFresh(`${server.url}/incidents/${incidentId}?lang=fr`);
    const fr = await browser.newContext({ javaScriptEnabled: false });
    const french = await fr.newPage();
    await french.goto(`${server.url}/incidents/${incidentId}?lang=fr`);
    await expect(french.locator(".timeline li").first().textContent()).resolves.toContain("Nous avons identifié la cause");
    await fr.close();
  });
});
