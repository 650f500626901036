import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser.ts";
import { fetchFresh, type RunningServer, startServer } from "../helpers/server.ts";

/**
 * The newcomer's first hour, in Chromium, as a person clicks through it: set up the owner, name the
 * page, add components, declare the first public incident, preview and post an update, then resolve
 * with an apology and two commitments. Each walk counts its page loads and prints them; the second
 * walk does the same on a phone-sized viewport, on its own fresh instance.
 */
let desk: RunningServer;
let phone: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [desk, phone, browser] = await Promise.all([startServer(), startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([desk?.stop(), phone?.stop()]);
});

/** Follows a console navigation link the way a person does: on a phone, through "Menu" first. */
async function openSection(page: Page, label: string): Promise<void> {
  const link = page.locator("#console-nav").getByRole("link", { name: label, exact: true });
  if (!(await link.isVisible())) await page.click("text=Menu");
  await link.click();
}

async function walk(server: RunningServer, width: number): Promise<{ loads: number; incidentId: string }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, timezoneId: "Europe/Berlin" });
  const page = await context.newPage();
  let loads = 0;
  page.on("load", () => loads++);
  const status = () => page.locator("[role=status]").first().textContent();

  // 1. Setup: an empty instance leads to the owner's account.
  await page.goto(`${server.url}/admin`);
  expect(new URL(page.url()).pathname).toBe("/admin/setup");
  await page.fill("#f-name", "Nia Newcomer");
  await page.fill("#f-email", "nia@example.com");
  await page.fill("#f-password", "a newcomer passphrase");
  await page.click("button[type=submit]");
  await expect(page.textContent("h1")).resolves.toBe("Overview");

  // 2. Name the page.
  await openSection(page, "Settings");
  await page.fill("#f-name", "Lumen Status");
  await page.click("text=Save settings");
  await expect(status()).resolves.toContain("Saved");

  // 3. Add two components.
  for (const name of ["Checkout", "Search"]) {
    if (!new URL(page.url()).pathname.startsWith("/admin/components")) await openSection(page, "Components");
    await page.fill("#f-name", name);
    await page.click("text=Add component");
    await expect(page.locator("main").textContent()).resolves.toContain(name);
  }

  // 4. Declare the first public incident.
  await openSection(page, "Incidents");
  await page.click("text=New incident");
  await page.fill("#n-title", "Checkout is failing");
  await page.selectOption("#n-impact", "major");
  await page.check("input[name=visibility][value=public]");
  await page.fill("#c-body", "Payments fail for some customers. We are investigating.");
  const checkout = page.locator("label", { hasText: "Checkout" }).first();
  await page.selectOption(`#${await checkout.getAttribute("for")}`, "major_outage");
  await page.click("button[value=publish]");
  expect(new URL(page.url()).pathname).toMatch(/^\/admin\/incidents\/[0-9a-z]{12}$/);
  const incidentId = new URL(page.url()).pathname.split("/").at(-1) as string;

  // 5. Preview who is told what, then post the update.
  await page.selectOption("#c-status", "monitoring");
  await page.fill("#c-body", "A fix is deployed; we are watching payments recover.");
  await page.click("button[value=preview]");
  await expect(page.locator("#preview-h").textContent()).resolves.toContain("who is told what");
  await expect(page.inputValue("#c-body")).resolves.toContain("A fix is deployed");
  await page.click("button[value=publish]");
  await expect(status()).resolves.toContain("Update published");
  // Times read in the browser's zone, with how long ago; UTC stays in the tooltip.
  const stamp = page.locator("time[data-when]").first();
  await expect(stamp.textContent()).resolves.toMatch(/(GMT\+1|CET).*\((just now|\d+ minutes? ago|in under a minute)\)/);
  await expect(stamp.getAttribute("title")).resolves.toMatch(/UTC$/);

  // 6. Resolve with an apology and two commitments (one public).
  await page.fill("#cl-summary", "A faulty release was rolled back; payments work again.");
  await page.fill("#cl-apology", "We are sorry: some of you could not pay for 40 minutes.");
  await page.fill("#cm-text-0", "Add a canary stage to every deploy");
  await page.selectOption("#cm-owner-0", "Nia Newcomer");
  await page.selectOption("#cm-vis-0", "public");
  await page.click("text=Add another commitment");
  await page.fill("#cm-text-1", "Alert on the payment error rate");
  await page.selectOption("#cm-owner-1", "Nia Newcomer");
  await page.click("button[value=close]:visible");
  await expect(status()).resolves.toContain("resolved");
  await context.close();
  return { loads, incidentId };
}

describe("the newcomer flow in Chromium", () => {
  it.each([
    ["desktop", 1280],
    ["phone", 390],
  ] as const)("setup → name the page → components → first public incident → update → resolve, on a %s", async (label, width) => {
    const server = width === 390 ? phone : desk;
    const { loads, incidentId } = await walk(server, width);
    console.log(`newcomer flow (${label}, ${width} px): ${loads} page loads`);
    expect(loads).toBeLessThan(25);
    const pub = await (await fetchFresh(`${server.url}/incidents/${incidentId}`)).text();
    expect(pub).toContain("We are sorry: some of you could not pay");
    expect(pub).toContain("Add a canary stage to every deploy");
    expect(pub).not.toContain("Alert on the payment error rate");
    expect(await (await fetchFresh(`${server.url}/`)).text()).toContain("Lumen Status");
  });
});
