import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../db/client.ts";
import { incident } from "../../db/schema/index.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { seedConsoleSession } from "../helpers/console-session.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: Browser;
let handle: DbHandle;
let token: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  handle = await createDb(`file:${server.dbFile}`);
  token = await seedConsoleSession(handle.db, "communicator", { email: "nyc@example.com", name: "Nia York" });
});
afterAll(async () => {
  handle?.close();
  await browser?.close();
  await server?.stop();
});

async function consolePage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  await context.addCookies([{ name: "clarion_session", value: token, url: server.url }]);
  return context.newPage();
}

async function scheduleAt(page: Page, title: string, from: string, until: string): Promise<void> {
  await page.fill("#m-title", title);
  await page.check('input[name="visibility"][value="internal"]');
  await page.fill("#m-from", from);
  await page.fill("#m-until", until);
  await page.fill("#m-body", "Upgrading the database.");
  await Promise.all([page.waitForURL(/\/admin\/maintenance\/\w+$/), page.click('form[aria-labelledby="new-m"] button[type="submit"]')]);
}

const stored = async (title: string) => {
  const rows = await handle.db.select().from(incident);
  return rows.find((r) => r.title === title)?.scheduledFor?.toISOString();
};

describe("console times in the member's time zone (real Chromium)", () => {
  it("a browser in New York: the form names the zone, shows UTC beside, and 09:00 in January is stored as 14:00Z", async () => {
    const page = await consolePage({ timezoneId: "America/New_York" });
    await page.goto(`${server.url}/admin/maintenance`);
    await expect.poll(() => page.textContent('label[for="m-from"]')).toContain("America/New_York");
    await page.fill("#m-from", "2027-01-15T09:00");
    expect(await page.textContent("#m-from-utc")).toBe("2027-01-15 14:00 UTC");
    await scheduleAt(page, "Winter upgrade", "2027-01-15T09:00", "2027-01-15T11:00");
    expect(await stored("Winter upgrade")).toBe("2027-01-15T14:00:00.000Z");
    // The reschedule form on the detail page starts from the stored window, in New York time.
    expect(await page.inputValue("#rs-from")).toBe("2027-01-15T09:00");
    await page.context().close();
  });

  it("without JavaScript the console says UTC until a zone is chosen, then uses the chosen one", async () => {
    const page = await consolePage({ javaScriptEnabled: false, timezoneId: "Asia/Tokyo" });
    await page.goto(`${server.url}/admin/maintenance`);
    expect(await page.textContent('label[for="m-from"]')).toContain("(UTC)");
    await scheduleAt(page, "UTC upgrade", "2027-01-16T09:00", "2027-01-16T10:00");
    expect(await stored("UTC upgrade")).toBe("2027-01-16T09:00:00.000Z");
    await page.goto(`${server.url}/admin/account`);
    await page.selectOption("#tz", "Europe/Berlin");
    await page.click('form:has(input[value="time-zone"]) button[type="submit"]');
    expect(await page.textContent('[role="status"]')).toContain("Europe/Berlin");
    await page.goto(`${server.url}/admin/maintenance`);
    expect(await page.textContent('label[for="m-from"]')).toContain("Europe/Berlin");
    await scheduleAt(page, "Berlin upgrade", "2027-01-17T09:00", "2027-01-17T10:00");
    expect(await stored("Berlin upgrade")).toBe("2027-01-17T08:00:00.000Z");
    await page.context().close();
  });

  it("the month view is navigable without JavaScript and is a list of busy days on a phone", async () => {
    const page = await consolePage({ javaScriptEnabled: false, viewport: { width: 390, height: 800 } });
    await page.goto(`${server.url}/admin/maintenance?month=2027-01`);
    expect(await page.textContent("#month-h")).toBe("January 2027");
    const busy = page.locator(".month > li:visible");
    expect(await busy.count()).toBe(3);
    // The member chose Berlin above: 14:00Z on the 15th is 15:00 there.
    expect(await busy.first().textContent()).toMatch(/Fri 15 Jan.*15:00\s+Winter upgrade/s);
    await page.click('a[rel="next"]');
    expect(await page.textContent("#month-h")).toBe("February 2027");
    expect(await page.textContent(".month-view")).toContain("Nothing scheduled in February 2027");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});
