import { createClient } from "@libsql/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeAt, launchBrowser } from "../helpers/browser.ts";
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

/** Reads the embedded default's captured mail straight from the server's database file. */
async function waitForMail(to: string, count = 1): Promise<{ subject: string; text: string; headers: Record<string, string> }[]> {
  const db = createClient({ url: `file:${server.dbFile}` });
  try {
    for (let i = 0; i < 100; i++) {
      const rows = (
        await db.execute({ sql: 'SELECT subject, text, headers FROM captured_email WHERE "to" = ? ORDER BY created_at', args: [to] })
      ).rows;
      if (rows.length >= count)
        return rows.map((r) => ({ subject: String(r.subject), text: String(r.text), headers: JSON.parse(String(r.headers)) }));
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no mail to ${to}`);
  } finally {
    db.close();
  }
}

async function state(email: string): Promise<{ confirmed: boolean; unsubscribed: boolean }> {
  const db = createClient({ url: `file:${server.dbFile}` });
  try {
    const [row] = (await db.execute({ sql: "SELECT confirmed_at, unsubscribed_at FROM subscriber WHERE target = ?", args: [email] })).rows;
    return { confirmed: row?.confirmed_at !== null, unsubscribed: row?.unsubscribed_at !== null };
  } finally {
    db.close();
  }
}

describe("subscriber portal on the built server, without JavaScript", () => {
  it("subscribe → confirmation mail → GET changes nothing → the button confirms → one-click unsubscribe by a bare POST", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    expect(await axeAt(browser, `${server.url}/subscribe`)).toEqual([]);
    await page.goto(`${server.url}/subscribe`);
    await page.fill("#email", "not-an-address");
    await page.click("button[type=submit]");
    expect(await page.locator("[role=alert]").textContent()).toContain("Email address");
    expect(await page.inputValue("#email")).toBe("not-an-address");
    await page.fill("#email", "reader@example.com");
    await page.click("button[type=submit]");
    expect(await page.locator("[role=status]").textContent()).toContain("Check your inbox");

    const [confirmation] = await waitForMail("reader@example.com");
    const confirmUrl = confirmation?.text.match(/https?:\/\/\S+\/confirm\/\S+/)?.[0] as string;
    expect(confirmUrl).toBeTruthy();
    const prefetch = await fetch(confirmUrl.replace(/^https?:\/\/[^/]+/, server.url));
    expect(prefetch.status).toBe(200);
    expect(await state("reader@example.com")).toMatchObject({ confirmed: false });
    expect(await axeAt(browser, confirmUrl.replace(/^https?:\/\/[^/]+/, server.url))).toEqual([]);
    await page.goto(confirmUrl.replace(/^https?:\/\/[^/]+/, server.url));
    await page.click("button[type=submit]");
    expect(await page.locator("[role=status]").textContent()).toContain("You are subscribed");
    expect(await state("reader@example.com")).toMatchObject({ confirmed: true, unsubscribed: false });
    await context.close();

    // The unsubscribe link every notification carries, derived as the dispatcher derives it, then used like a mail client.
    const { createDb } = await import("../../db/client.ts");
    const { serverSecret } = await import("../../src/auth/server-secret.ts");
    const { unsubscribeToken } = await import("../../src/auth/link-signatures.ts");
    const handle = await createDb(`file:${server.dbFile}`);
    const id = String(
      (await handle.client.execute({ sql: "SELECT id FROM subscriber WHERE target = ?", args: ["reader@example.com"] })).rows[0]?.id,
    );
    const token = unsubscribeToken(await serverSecret(handle.db, { now: () => new Date() }), id);
    handle.close();

    expect(await axeAt(browser, `${server.url}/unsubscribe/${token}`)).toEqual([]);
    expect(await state("reader@example.com")).toMatchObject({ unsubscribed: false });
    // curl -X POST -d List-Unsubscribe=One-Click https://…/unsubscribe/TOKEN — no cookie, no Origin.
    const res = await fetch(`${server.url}/unsubscribe/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
      redirect: "manual",
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("You are unsubscribed");
    expect(await state("reader@example.com")).toMatchObject({ unsubscribed: true });
    const bogus = await fetch(`${server.url}/unsubscribe/${"a".repeat(52)}`, { method: "POST", redirect: "manual" });
    expect(bogus.status).toBe(404);
  });

  it("a cross-site form POST to /confirm is refused (only the unsubscribe one-click is exempt)", async () => {
    const res = await fetch(`${server.url}/confirm/abc.def`, {
      method: "POST",
      headers: { origin: "https://evil.example" },
      redirect: "manual",
    });
    expect(res.status).toBe(403);
  });
});
