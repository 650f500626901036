import { desc, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../db/client.ts";
import { capturedEmail, component } from "../../db/schema/index.ts";
import { newId } from "../../src/lib/ids.ts";
import { axeAt, launchBrowser } from "../helpers/browser.ts";
import { seedConsoleSession } from "../helpers/console-session.ts";
import { fixture } from "../helpers/intake.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: Browser;
let handle: DbHandle;
let sessionToken: string;
let intakeToken: string;
let apiId: string;

/** Sign-in is the lead's: a member and a session go straight into the server's database file. */
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  handle = await createDb(`file:${server.dbFile}`);
  const now = new Date();
  sessionToken = await seedConsoleSession(handle.db, "admin", { email: "ops@example.com", name: "Olu Ops" });
  apiId = newId();
  await handle.db.insert(component).values({ id: apiId, name: "API", visibility: "public", createdAt: now, updatedAt: now });
  const headers = { cookie: `clarion_session=${sessionToken}`, origin: server.url, "content-type": "application/json" };
  const source = await fetch(`${server.url}/api/admin/intake/sources`, {
    method: "POST",
    headers,
    body: JSON.stringify({ name: "Prometheus", kind: "alertmanager" }),
  });
  expect(source.status).toBe(201);
  intakeToken = (await source.json()).token;
  const rule = await fetch(`${server.url}/api/admin/intake/rules`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      name: "API",
      matchers: [{ label: "service", op: "=", value: "api" }],
      componentIds: [apiId],
      action: "draft_incident",
    }),
  });
  expect(rule.status).toBe(201);
  const contact = await fetch(`${server.url}/api/admin/escalation-contacts`, {
    method: "POST",
    headers,
    body: JSON.stringify({ componentId: apiId, level: 1, email: "pager@example.com" }),
  });
  expect(contact.status).toBe(201);
});
afterAll(async () => {
  handle?.close();
  await browser?.close();
  await server?.stop();
});

async function consolePage(): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  await context.addCookies([{ name: "clarion_session", value: sessionToken, url: server.url }]);
  return context.newPage();
}

describe("detection to incident in Chromium, without JavaScript", () => {
  it("an Alertmanager POST becomes a draft incident visible in the console (timed)", async () => {
    const started = performance.now();
    const res = await fetch(`${server.url}/api/intake/alertmanager`, {
      method: "POST",
      headers: { authorization: `Bearer ${intakeToken}`, "content-type": "application/json" },
      body: JSON.stringify(fixture("alertmanager-v4.json")),
    });
    expect(res.status).toBe(200);
    const cookie = `clarion_session=${sessionToken}`;
    let html = "";
    for (let i = 0; i < 100 && !html.includes("BlackBox Probe Failure: https://api.example.org"); i++) {
      html = await (await fetch(`${server.url}/admin/incidents`, { headers: { cookie } })).text();
    }
    const ms = performance.now() - started;
    expect(html).toContain("BlackBox Probe Failure: https://api.example.org");
    console.info(`alertmanager POST → draft incident listed in the console: ${Math.round(ms)} ms`);
    const publicPage = await (await fetch(`${server.url}/`)).text();
    expect(publicPage).not.toContain("BlackBox Probe Failure");
  });

  it("a user report on /report is triaged into a draft incident; the pages pass axe", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/report`);
    expect(await axeAt(browser, page.url())).toEqual([]);
    await page.fill("#what", "x");
    await page.click("button[type=submit]");
    expect(await page.textContent("#what-error")).toContain("few words");
    expect(await page.inputValue("#email")).toBe("");
    await page.fill("#what", "The API answers 502 for every request");
    await page.selectOption("#componentId", apiId);
    await page.fill("#email", "reporter@example.com");
    await page.click("button[type=submit]");
    expect(await page.textContent("main")).toContain("Your report has reached our team");
    let confirmText = "";
    for (let i = 0; i < 100 && !confirmText; i++) {
      const [mail] = await handle.db.select().from(capturedEmail).where(eq(capturedEmail.to, "reporter@example.com"));
      confirmText = mail?.text ?? "";
      if (!confirmText) await new Promise((r) => setTimeout(r, 100));
    }
    const confirmLink = /https?:\/\/\S+\/report\/confirm\/\S+/.exec(confirmText)?.[0] as string;
    await page.goto(confirmLink);
    expect(await axeAt(browser, confirmLink)).toEqual([]);
    await page.click("button:has-text('Yes, write to me')");
    expect(await page.textContent("main")).toContain("We will write to you when the problem is resolved");

    const team = await consolePage();
    await team.goto(`${server.url}/admin/triage`);
    expect(await team.textContent("main")).toContain("The API answers 502 for every request");
    expect(await axeAt(browser, team.url(), team.context())).toEqual([]);
    await team.click("article:has-text('The API answers 502') a:has-text('Create incident')");
    expect(await axeAt(browser, team.url(), team.context())).toEqual([]);
    await team.fill("#title", "API returns 502");
    await team.fill("#category", "availability");
    await team.selectOption("#priority", "P2");
    await team.check(`input[name="c-${apiId}"]`);
    await team.click("button:has-text('Create draft incident')");
    expect(new URL(team.url()).pathname).toMatch(/^\/admin\/incidents\/[0-9a-z]{12}$/);
    expect(await team.textContent("main")).toContain("API returns 502");
  });

  it("the critical alert paged on-call by email; the link acknowledges with one POST; console pages pass axe", async () => {
    let text = "";
    for (let i = 0; i < 100 && !text; i++) {
      const [mail] = await handle.db
        .select()
        .from(capturedEmail)
        .where(eq(capturedEmail.to, "pager@example.com"))
        .orderBy(desc(capturedEmail.createdAt));
      text = mail?.text ?? "";
      if (!text) await new Promise((r) => setTimeout(r, 100));
    }
    const link = /https?:\/\/\S+\/ack\/\S+/.exec(text)?.[0] as string;
    expect(link).toBeTruthy();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link);
    expect(await axeAt(browser, link)).toEqual([]);
    expect(await page.textContent("main")).toContain("paging level 1");
    await page.click("button:has-text('Acknowledge')");
    expect(await page.textContent("main")).toContain("Acknowledged.");
    await page.goto(link);
    expect(await page.textContent("main")).toContain("Already acknowledged.");
    const team = await consolePage();
    for (const path of ["/admin/intake", "/admin/triage/log"]) {
      await team.goto(`${server.url}${path}`);
      expect(await axeAt(browser, team.url(), team.context())).toEqual([]);
    }
  });
});
