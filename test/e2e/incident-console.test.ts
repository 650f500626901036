import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../db/client.ts";
import { component, incident } from "../../db/schema/index.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { newId } from "../../src/lib/ids.ts";
import { axe, launchBrowser } from "../helpers/browser.ts";
import { viewerCookieFor } from "../helpers/canary.ts";
import { seedConsoleSession } from "../helpers/console-session.ts";
import { seedSubscriber } from "../helpers/incident-fixtures.ts";
import { fetchFresh, type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: Browser;
let handle: DbHandle;
let sessionToken: string;
let incidentId: string;
const WORDS = { pub: "PUBWORD7741", acme: "ACMEWORD7741", note: "INTWORD7741" };

/** Sign-in is the lead's: a member and a session go straight into the server's database file. */
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  handle = await createDb(`file:${server.dbFile}`);
  const now = new Date();
  sessionToken = await seedConsoleSession(handle.db, "communicator", { email: "comms@example.com", name: "Casey Comms" });
  const componentId = newId();
  await handle.db.insert(component).values({ id: componentId, name: "Checkout", visibility: "public", createdAt: now, updatedAt: now });
  const headers = { cookie: `clarion_session=${sessionToken}`, origin: server.url, "content-type": "application/json" };
  const aud = await fetch(`${server.url}/api/admin/audiences`, {
    method: "POST",
    headers,
    body: JSON.stringify({ name: "Acme", slug: "acme", domains: ["acme.com"] }),
  });
  expect(aud.status).toBe(201);
  await seedSubscriber({ db: handle.db, clock: systemClock }, "ops@acme.com");
  const res = await fetch(`${server.url}/api/admin/incidents`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      title: "Checkout errors",
      visibility: "public",
      impact: "major",
      body: "We are investigating.",
      components: [{ id: componentId, status: "partial_outage" }],
    }),
  });
  expect(res.status).toBe(201);
  incidentId = (await res.json()).id;
});
afterAll(async () => {
  handle?.close();
  await browser?.close();
  await server?.stop();
});

async function consolePage(): Promise<Page> {
  const context = await browser.newContext();
  await context.addCookies([{ name: "clarion_session", value: sessionToken, url: server.url }]);
  return context.newPage();
}

describe("incident console in Chromium", () => {
  it("the overview puts the open incident first, with its next step, and passes axe", async () => {
    const page = await consolePage();
    await page.goto(`${server.url}/admin`);
    const card = page.locator(".incidents .incident").first();
    await expect(card.locator(".title").textContent()).resolves.toBe("Checkout errors");
    await expect(card.textContent()).resolves.toMatch(/Investigating[\s\S]*Major impact[\s\S]*visible to everyone/);
    await expect(card.locator("a.post").getAttribute("href")).resolves.toBe(`/admin/incidents/${incidentId}#composer-h`);
    await expect(page.locator(".now").textContent()).resolves.toContain("Checkout: Partial outage");
    expect(await axe(page)).toEqual([]);
    // Post update leads to the composer, whose component picker opens the group with a problem and speaks in labels.
    await page.click("a.post");
    const group = page.locator("details.cgroup").first();
    await expect(group.getAttribute("open")).resolves.not.toBeNull();
    await expect(group.locator("summary").textContent()).resolves.toMatch(/1 component, 1 not operational/);
    await expect(group.locator("label").first().textContent()).resolves.toContain("Checkout (now partial outage)");
    await expect(group.locator("select option").allTextContents()).resolves.toContain("Major outage");
    await page.context().close();
  });

  it("previews and posts an update with a variant and an internal note; each view shows the right words", async () => {
    const page = await consolePage();
    await page.goto(`${server.url}/admin/incidents/${incidentId}`);
    await page.selectOption("#c-status", "identified");
    await page.fill("#c-body", `Public: ${WORDS.pub}`);
    await page.click("summary:has-text('Acme')");
    await page.fill("#v-acme", `Acme: ${WORDS.acme}`);
    await page.fill("#c-note", `Team: ${WORDS.note}`);
    await page.click("button[value=preview]");
    const preview = page.locator(".preview");
    await expect(preview.textContent()).resolves.toContain(WORDS.acme);
    await expect(preview.textContent()).resolves.toMatch(/Audience: acme[\s\S]*1\s+subscriber notified/);
    expect(await preview.textContent()).not.toContain(WORDS.note);
    await expect(page.inputValue("#c-body")).resolves.toBe(`Public: ${WORDS.pub}`);
    expect(await axe(page)).toEqual([]);
    await page.click("button[value=publish]");
    await expect(page.locator("[role=status]").textContent()).resolves.toContain("Update published");
    const timeline = page.locator(".timeline .entry").first();
    await expect(timeline.locator(".msg.public").textContent()).resolves.toContain(WORDS.pub);
    await expect(timeline.locator(".msg.variant").textContent()).resolves.toMatch(new RegExp(`Variant · acme[\\s\\S]*${WORDS.acme}`));
    await expect(timeline.locator(".msg.internal").textContent()).resolves.toMatch(
      new RegExp(`Internal note · team only[\\s\\S]*${WORDS.note}`),
    );
    // The first step set Checkout's status: the team reads names and labels, not ids and enum values.
    const first = page.locator(".timeline .entry").last();
    await expect(first.textContent()).resolves.toContain("Components: Checkout → Partial outage");
    await expect(first.locator(".meta strong").textContent()).resolves.toBe("Investigating");
    await page.context().close();

    const anon = await browser.newContext({ javaScriptEnabled: false });
    const anonPage = await anon.newPage();
    await anonPage.goto(`${server.url}/incidents/${incidentId}`);
    const anonText = (await anonPage.textContent("body")) ?? "";
    expect(anonText).toContain(WORDS.pub);
    expect(anonText).not.toContain(WORDS.acme);
    expect(anonText).not.toContain(WORDS.note);
    await anon.close();

    const viewer = await browser.newContext({ javaScriptEnabled: false });
    const cookie = await viewerCookieFor({ db: handle.db, clock: systemClock }, "ops@acme.com");
    const [name, value] = cookie.split("=") as [string, string];
    await viewer.addCookies([{ name, value, url: server.url }]);
    const viewerPage = await viewer.newPage();
    const res = await viewerPage.goto(`${server.url}/incidents/${incidentId}`);
    const viewerText = (await viewerPage.textContent("body")) ?? "";
    expect(viewerText).toContain(WORDS.acme);
    expect(viewerText).not.toContain(WORDS.note);
    expect(res?.headers()["cache-control"]).toContain("no-store");
    await viewer.close();
  });

  it("a new incident has no visibility chosen for you: sent without one it is refused and nothing is created", async () => {
    const page = await consolePage();
    await page.goto(`${server.url}/admin/incidents/new`);
    expect(await page.locator("input[name=visibility]:checked").count()).toBe(0);
    const before = (await handle.db.select().from(incident)).length;
    await page.fill("#n-title", "Unchosen visibility");
    await page.fill("#c-body", "Typed before choosing who sees it");
    await page.click("button[value=publish]");
    await expect(page.locator("fieldset.visibility .error").textContent()).resolves.toBe(
      "Choose who may see this incident: the team only, everyone, or chosen audiences.",
    );
    expect(new URL(page.url()).pathname).toBe("/admin/incidents/new");
    await expect(page.inputValue("#c-body")).resolves.toBe("Typed before choosing who sees it");
    expect(await page.locator("input[name=visibility]:checked").count()).toBe(0);
    expect((await handle.db.select().from(incident)).length).toBe(before);
    expect(await axe(page)).toEqual([]);
    // The button says what will happen with the choice made.
    const submit = page.locator("button[value=publish]");
    await expect(submit.textContent()).resolves.toBe("Open incident");
    await page.check("input[name=visibility][value=public]");
    await expect(submit.textContent()).resolves.toMatch(/^Publish to everyone and notify \d+ subscribers?$/);
    await page.check("input[name=visibility][value=restricted]");
    await page.check("input[name=audiences][value=acme]");
    await expect(submit.textContent()).resolves.toBe("Publish to 1 audience");
    await page.check("input[name=visibility][value=internal]");
    await expect(submit.textContent()).resolves.toBe("Save for the team only");
    await page.click("button[value=publish]");
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/incidents\/[0-9a-z]{12}$/);
    expect((await handle.db.select().from(incident)).length).toBe(before + 1);
    await page.context().close();
  });

  it("keeps typed text and names the field on a validation error", async () => {
    const page = await consolePage();
    await page.goto(`${server.url}/admin/incidents/${incidentId}`);
    await page.fill("#c-body", "Something typed under stress");
    await page.fill("#c-next", "2001-01-01T00:00");
    await page.click("button[value=publish]");
    await expect(page.locator("[role=alert]").textContent()).resolves.toContain("nextUpdateBy");
    await expect(page.inputValue("#c-body")).resolves.toBe("Something typed under stress");
    await page.context().close();
  });

  it("the incident list and the private-access form work and pass axe", async () => {
    const page = await consolePage();
    await page.goto(`${server.url}/admin/incidents`);
    await expect(page.locator("table").textContent()).resolves.toContain("Checkout errors");
    expect(await axe(page)).toEqual([]);
    await page.goto(`${server.url}/access`);
    await page.fill("#email", "someone@example.com");
    await page.click("button[type=submit]");
    await expect(page.locator("[role=status]").textContent()).resolves.toContain("If this address belongs");
    expect(await axe(page)).toEqual([]);
    await page.context().close();
  });

  it("closure with a commitment reaches the board; maintenance and the other console pages pass axe", async () => {
    const page = await consolePage();
    await page.goto(`${server.url}/admin/incidents/${incidentId}`);
    await page.fill("#cl-summary", "Rolled back the faulty release.");
    await page.fill("#cl-apology", "We are sorry for the disruption.");
    await page.fill("#cm-text-0", "Add a canary stage to deploys");
    await page.selectOption("#cm-owner-0", "Casey Comms");
    await page.selectOption("#cm-vis-0", "public");
    // Cards are added and removed by plain submit buttons; what was typed stays.
    await page.click("text=Add another commitment");
    await page.fill("#cm-text-1", "Typed then removed");
    await page.click("text=Add another commitment");
    await page.fill("#cm-text-2", "Alert on queue depth");
    await page.selectOption("#cm-owner-2", "Casey Comms");
    await page.click("text=Remove commitment 2");
    await expect(page.inputValue("#cl-summary")).resolves.toBe("Rolled back the faulty release.");
    await expect(page.inputValue("#cm-text-0")).resolves.toBe("Add a canary stage to deploys");
    await expect(page.inputValue("#cm-text-1")).resolves.toBe("Alert on queue depth");
    await expect(page.locator("#cm-text-2").count()).resolves.toBe(0);
    expect(await axe(page)).toEqual([]);
    // Enter in a field resolves (the hidden default button), it never adds or removes a card.
    await page.press("#cm-text-1", "Enter");
    await expect(page.locator("[role=status]").textContent()).resolves.toContain("resolved");
    // The closure panel: edited words reach the public page; a retracted apology leaves it.
    await page.click("summary:has-text('Edit the closure')");
    await page.fill("#ce-apology", "We are truly sorry for the disruption.");
    await page.click("text=Save the closure");
    await expect(page.locator("[role=status]").textContent()).resolves.toContain("Closure saved");
    expect(await axe(page)).toEqual([]);
    expect(await (await fetchFresh(`${server.url}/incidents/${incidentId}`)).text()).toContain("We are truly sorry");
    await page.click("summary:has-text('Retract the apology')");
    await page.fill("#ar-correction", "We withdrew our apology note.");
    await page.click("form button:has-text('Retract the apology')");
    await expect(page.locator("[role=status]").textContent()).resolves.toContain("Apology retracted");
    expect(await (await fetchFresh(`${server.url}/incidents/${incidentId}`)).text()).not.toContain("truly sorry");
    await page.goto(`${server.url}/admin/commitments`);
    await expect(page.locator("body").textContent()).resolves.toContain("Add a canary stage to deploys");
    await expect(page.locator("body").textContent()).resolves.toContain("Alert on queue depth");
    await expect(page.locator("body").textContent()).resolves.not.toContain("Typed then removed");
    expect(await axe(page)).toEqual([]);
    await page.goto(`${server.url}/admin/maintenance`);
    await page.fill("#m-title", "Database upgrade");
    await page.fill("#m-from", "2030-01-01T04:00");
    await page.fill("#m-until", "2030-01-01T02:00");
    await page.fill("#m-body", "Typed maintenance text");
    // No visibility pre-selected: sending without a choice is refused next to the field.
    expect(await page.locator("input[name=visibility]:checked").count()).toBe(0);
    await page.click("form[aria-labelledby=new-m] button[type=submit]");
    await expect(page.locator("fieldset.visibility .error").textContent()).resolves.toContain("Choose who may see this maintenance");
    await page.check("input[name=visibility][value=internal]");
    await page.click("form[aria-labelledby=new-m] button[type=submit]");
    // The alert lists the messages (not field keys); the message also sits under the window's end.
    await expect(page.locator("[role=alert]").textContent()).resolves.toContain("must be after");
    await expect(page.locator("form[aria-labelledby=new-m] .error").allTextContents()).resolves.toContain("must be after scheduledFor");
    await expect(page.inputValue("#m-body")).resolves.toBe("Typed maintenance text");
    expect(await axe(page)).toEqual([]);
    // The same visibility control as incidents: a maintenance only the acme audience sees.
    await page.check("input[name=visibility][value=restricted]");
    await page.check("input[name=audiences][value=acme]");
    await page.fill("#m-until", "2030-01-01T06:00");
    await page.click("form[aria-labelledby=new-m] button[type=submit]");
    const maintenanceId = new URL(page.url()).pathname.split("/").at(-1) as string;
    const saved = await fetch(`${server.url}/api/admin/maintenances/${maintenanceId}`, {
      headers: { cookie: `clarion_session=${sessionToken}` },
    });
    expect((await saved.json()).visibility).toEqual(["acme"]);
    for (const path of ["/admin/audiences", "/admin/templates", "/admin/incidents/new"]) {
      await page.goto(`${server.url}${path}`);
      expect(await axe(page), path).toEqual([]);
    }
    await page.context().close();
  });
});
