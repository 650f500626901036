import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../db/client.ts";
import { teamMember } from "../../db/schema/index.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { seedConsoleSession } from "../helpers/console-session.ts";
import { seedSubscriber } from "../helpers/incident-fixtures.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: Browser;
let handle: DbHandle;
let token: string;
let incidentId: string;

const ZONE = "America/New_York";

/** Calls the admin API as the seeded member and returns the JSON answer. */
async function api(method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}/api/admin${path}`, {
    method,
    headers: { cookie: `clarion_session=${token}`, origin: server.url, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return res.json();
}

const html = async (path: string): Promise<string> =>
  (await fetch(`${server.url}${path}`, { headers: { cookie: `clarion_session=${token}` } })).text();

/** A member in New York, an incident closed with one public commitment that is now in progress, one subscriber. */
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ DISPATCHER: "off" }), launchBrowser()]);
  handle = await createDb(`file:${server.dbFile}`);
  token = await seedConsoleSession(handle.db, "communicator", { email: "nia@example.com", name: "Nia York" });
  await handle.db.update(teamMember).set({ timeZone: ZONE }).where(eq(teamMember.email, "nia@example.com"));
  await seedSubscriber({ db: handle.db, clock: systemClock }, "reader@example.com");
  await api("POST", "/audiences", { name: "Acme", slug: "acme", domains: ["acme.com"] });
  incidentId = String((await api("POST", "/incidents", { title: "Queue stuck", visibility: "public", body: "Looking into it." })).id);
  const closed = await api("POST", `/incidents/${incidentId}/closure`, {
    summary: "Fixed.",
    commitments: [{ text: "Alert on queue depth", owner: "Nia York", visibility: "public" }],
  });
  const [commitmentId] = closed.commitmentIds as string[];
  await api("POST", `/commitments/${commitmentId}/transition`, { state: "in_progress" });
});
afterAll(async () => {
  handle?.close();
  await browser?.close();
  await server?.stop();
});

describe("console words: labels, not enum values; times in the member's zone", () => {
  it("the incident page names a commitment's state (In progress), not its enum value", async () => {
    const page = await html(`/admin/incidents/${incidentId}`);
    expect(page).toContain("Alert on queue depth");
    expect(page).toMatch(/<span class="tag"[^>]*>In progress<\/span>/);
    expect(page).not.toContain("in_progress");
  });

  it("the review timeline names each entry and shows its time in the member's zone, named", async () => {
    const page = await html(`/admin/reviews/${incidentId}`);
    const timeline = /<ol class="timeline"[^>]*>([\s\S]*?)<\/ol>/.exec(page)?.[1] ?? "";
    expect(timeline).toMatch(/<strong[^>]*>First public update<\/strong>: Investigating/);
    expect(timeline).toMatch(/<strong[^>]*>Update<\/strong>: Closure notice/);
    expect(timeline).toMatch(/<strong[^>]*>Resolved<\/strong>/);
    expect(timeline).not.toMatch(/first public update|first_public_update/);
    const entries = [...timeline.matchAll(/<time datetime="([^"]+)"[^>]*>([^<]+)<\/time>/g)];
    expect(entries.length).toBeGreaterThan(1);
    const inZone = new Intl.DateTimeFormat("en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: ZONE,
      timeZoneName: "short",
    });
    for (const [, iso, shown] of entries) expect(shown).toBe(inZone.format(new Date(iso ?? "")));
    expect(timeline).not.toContain("UTC");
  });

  it("the new-maintenance button says what scheduling will do with the visibility and notify box chosen", async () => {
    const context = await browser.newContext();
    await context.addCookies([{ name: "clarion_session", value: token, url: server.url }]);
    const page: Page = await context.newPage();
    await page.goto(`${server.url}/admin/maintenance`);
    const button = page.locator('form[aria-labelledby="new-m"] button[type="submit"]');
    await expect.poll(() => button.textContent()).toBe("Schedule");
    await page.check('form[aria-labelledby="new-m"] input[name="visibility"][value="public"]');
    await expect.poll(() => button.textContent()).toBe("Schedule for everyone and notify 1 subscriber");
    await page.uncheck('form[aria-labelledby="new-m"] input[name="notify"]');
    await expect.poll(() => button.textContent()).toBe("Schedule for everyone without notifying");
    await page.check('form[aria-labelledby="new-m"] input[name="visibility"][value="internal"]');
    await expect.poll(() => button.textContent()).toBe("Schedule for the team only");
    await page.check('form[aria-labelledby="new-m"] input[name="visibility"][value="restricted"]');
    await page.check('form[aria-labelledby="new-m"] input[name="audiences"][value="acme"]');
    await expect.poll(() => button.textContent()).toBe("Schedule for 1 audience");
    await context.close();
  });
});
