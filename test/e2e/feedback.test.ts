import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../db/client.ts";
import { capturedEmail, feedback } from "../../db/schema/index.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { axe, launchBrowser } from "../helpers/browser.ts";
import { seedConsoleSession } from "../helpers/console-session.ts";
import { seedSubscriber } from "../helpers/incident-fixtures.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: Browser;
let handle: DbHandle;
let sessionToken: string;
let incidentId: string;
let subscriberId: string;

async function waitForMail(to: string): Promise<{ text: string }> {
  for (let i = 0; i < 100; i++) {
    const [mail] = await handle.db.select().from(capturedEmail).where(eq(capturedEmail.to, to));
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${to}`);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  handle = await createDb(`file:${server.dbFile}`);
  sessionToken = await seedConsoleSession(handle.db, "communicator", { email: "comms@example.com", name: "Casey Comms" });
  subscriberId = await seedSubscriber({ db: handle.db, clock: systemClock }, "reader@example.com");
  const res = await fetch(`${server.url}/api/admin/incidents`, {
    method: "POST",
    headers: { cookie: `clarion_session=${sessionToken}`, origin: server.url, "content-type": "application/json" },
    body: JSON.stringify({ title: "Search is slow", visibility: "public", impact: "minor", body: "We are looking into slow searches." }),
  });
  expect(res.status).toBe(201);
  incidentId = (await res.json()).id;
});
afterAll(async () => {
  handle?.close();
  await browser?.close();
  await server?.stop();
});

describe("feedback in Chromium", () => {
  it("email link → page (the GET records nothing) → POST records one vote with its comment", async () => {
    const mail = await waitForMail("reader@example.com");
    const link = mail.text.match(/http:\/\/127\.0\.0\.1:\d+\/feedback\/[0-9a-z]{12}\?s=[0-9a-z]{12}&sig=[a-z2-7]+/)?.[0];
    expect(link).toBeDefined();
    const page = await browser.newPage();
    await page.goto(link as string);
    expect(await handle.db.select().from(feedback)).toHaveLength(0);
    expect(await axe(page)).toEqual([]);
    await page.check("input[name=helpful][value=no]");
    await page.fill("#comment", "Tell us which regions are affected");
    await page.click("button[type=submit]");
    await expect(page.locator("[role=status]").textContent()).resolves.toContain("Thank you");
    await page.goto(link as string);
    await page.check("input[name=helpful][value=yes]");
    await page.click("button[type=submit]");
    const votes = await handle.db.select().from(feedback);
    expect(votes).toHaveLength(1);
    expect(votes[0]).toMatchObject({ subscriberId, helpful: true, comment: "Tell us which regions are affected", source: "email" });
    expect(votes[0]?.deliveryId).toMatch(/^[0-9a-z]{12}$/);
  });

  it("the public page's buttons vote without JavaScript, then take a comment", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/incidents/${incidentId}`);
    await page.click("form.feedback button[value=yes]");
    await expect(page.locator("[role=status]").textContent()).resolves.toContain("Thank you");
    await page.fill("#comment", "Quick and clear");
    await page.click("button[type=submit]");
    await expect(page.locator("[role=status]").textContent()).resolves.toContain("comment was added");
    const web = (await handle.db.select().from(feedback)).filter((f) => f.source === "web");
    expect(web).toEqual([expect.objectContaining({ helpful: true, comment: "Quick and clear", subscriberId: null })]);
    await context.close();
  });

  it("the review and insights pages show the feedback and pass axe", async () => {
    const context = await browser.newContext();
    await context.addCookies([{ name: "clarion_session", value: sessionToken, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/incidents/${incidentId}`);
    expect(await axe(page)).toEqual([]);
    await page.goto(`${server.url}/admin/reviews/${incidentId}`);
    expect(await page.content()).toContain("Quick and clear");
    expect(await axe(page)).toEqual([]);
    await page.fill("#r-lessons", "Post region lists early.");
    await page.click("button:has-text('Save review')");
    await expect(page.locator("[role=status]").textContent()).resolves.toContain("Review saved");
    await expect(page.inputValue("#r-lessons")).resolves.toBe("Post region lists early.");
    await page.goto(`${server.url}/admin/problems`);
    await page.fill("#p-title", "Search index too small");
    await page.click("button:has-text('Create problem')");
    await page.selectOption("#l-inc", incidentId);
    await page.click("button:has-text('Link')");
    await expect(page.locator("[role=status]").textContent()).resolves.toContain("Linked");
    expect(await axe(page)).toEqual([]);
    await page.goto(`${server.url}/admin/runbooks`);
    await page.fill("#rb-title", "Search");
    await page.fill("#rb-category", "search");
    await page.fill("#rb-body", "1. Check the **index** size");
    await page.click("button:has-text('Create runbook')");
    await expect(page.locator("article strong").textContent()).resolves.toBe("index");
    expect(await axe(page)).toEqual([]);
    await page.goto(`${server.url}/admin/insights?days=30`);
    // Seven charts: drawn where the window has data, "Nothing to chart" where it has none (never a flat 0 line).
    const drawn = await page.locator("svg[role=img]").count();
    const empty = await page.locator("p:has-text('Nothing to chart in this window.')").count();
    expect(drawn + empty).toBe(7);
    expect(drawn).toBeGreaterThanOrEqual(1);
    expect(await axe(page)).toEqual([]);
    const csv = await page.request.get(`${server.url}/admin/insights.csv?metric=impact&days=30`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect((await csv.text()).split("\r\n")[0]).toBe("period,none,minor,major,critical");
    await context.close();
  });
});
