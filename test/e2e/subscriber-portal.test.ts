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

async function settings(email: string): Promise<{ maintenance: number; language: string; updatedAt: number; unsubscribed: boolean }> {
  const db = createClient({ url: `file:${server.dbFile}` });
  try {
    const sql = "SELECT maintenance, language, updated_at, unsubscribed_at FROM subscriber WHERE target = ?";
    const [row] = (await db.execute({ sql, args: [email] })).rows;
    return {
      maintenance: Number(row?.maintenance),
      language: String(row?.language),
      updatedAt: Number(row?.updated_at),
      unsubscribed: row?.unsubscribed_at !== null,
    };
  } finally {
    db.close();
  }
}

/** A link from an email, pointed at the test server (PUBLIC_URL is the server, but keep it exact). */
const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url);

async function subscribeAndConfirm(page: import("playwright-core").Page, email: string): Promise<void> {
  await page.goto(`${server.url}/subscribe`);
  await page.fill("#email", email);
  await page.click("button[type=submit]");
  const [confirmation] = await waitForMail(email);
  await page.goto(local(confirmation?.text.match(/https?:\/\/\S+\/confirm\/\S+/)?.[0] as string));
  await page.click("button[type=submit]");
  expect(await page.locator("[role=status]").textContent()).toContain("You are subscribed");
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

  it("the manage link from an email opens the settings at once; a GET changes nothing; Save is a POST", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await subscribeAndConfirm(page, "prefs@example.com");
    // Subscribing again with an active address emails the manage link (the same link every notification carries).
    await page.goto(`${server.url}/subscribe`);
    await page.fill("#email", "prefs@example.com");
    await page.click("button[type=submit]");
    const [, already] = await waitForMail("prefs@example.com", 2);
    const manageLink = local(already?.text.match(/https?:\/\/\S+\/subscriptions\/manage\?\S+/)?.[0] as string);
    expect(manageLink).toMatch(/\?s=[0-9a-z]{12}&sig=/);

    // A mail scanner follows the link: it sees the settings, and nothing changes.
    const before = await settings("prefs@example.com");
    const scanned = await fetch(manageLink);
    expect(scanned.status).toBe(200);
    expect(scanned.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await scanned.text()).toMatch(/Settings for <strong[^>]*>prefs@example\.com<\/strong>/);
    expect(await settings("prefs@example.com")).toEqual(before);
    expect(await axeAt(browser, manageLink)).toEqual([]);

    // The person: one click from the email, then Save.
    await page.goto(manageLink);
    expect(await page.locator("main, body").first().textContent()).toContain("you receive notifications");
    expect(await page.locator("#code").count()).toBe(0);
    await page.check("input[name=maintenance][value=no]");
    await page.selectOption("#language", "de");
    await page.click("button[value=save]");
    expect(await page.locator("[role=status]").textContent()).toContain("Your settings are saved");
    expect(await settings("prefs@example.com")).toMatchObject({ maintenance: 0, language: "de" });
    expect(await page.isChecked("input[name=maintenance][value=no]")).toBe(true);

    // A forged signature opens nothing and offers the code instead; a cross-site POST with the real link is refused.
    const forged = await fetch(manageLink.replace(/sig=[^&]+/, "sig=forgedforgedforgedforgedforgedf"));
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain("Email me a code");
    const [s, sig] = [new URL(manageLink).searchParams.get("s"), new URL(manageLink).searchParams.get("sig")];
    const crossSite = await fetch(`${server.url}/subscriptions/manage`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ s: s ?? "", sig: sig ?? "", intent: "unsubscribe" }).toString(),
      redirect: "manual",
    });
    expect(crossSite.status).toBe(403);
    expect(await settings("prefs@example.com")).toMatchObject({ unsubscribed: false });
    await context.close();

    // The team sees the state in words on the subscriber's console page.
    const { createDb } = await import("../../db/client.ts");
    const { SESSION_COOKIE } = await import("../../src/auth/cookies.ts");
    const { seedConsoleSession } = await import("../helpers/console-session.ts");
    const handle = await createDb(`file:${server.dbFile}`);
    const cookie = `${SESSION_COOKIE}=${await seedConsoleSession(handle.db, "viewer", { email: "v@example.com", name: "Viewer" })}`;
    handle.close();
    const admin = await (await fetch(`${server.url}/admin/subscribers/${s}`, { headers: { cookie } })).text();
    expect(admin).toMatch(/<dt[^>]*>State<\/dt><dd[^>]*>Active<\/dd>/);
  });

  it("without the link: an emailed code opens the settings; unsubscribe from there", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await subscribeAndConfirm(page, "nolink@example.com");
    expect(await axeAt(browser, `${server.url}/subscriptions/manage`)).toEqual([]);
    await page.goto(`${server.url}/subscriptions/manage`);
    await page.fill("#email", "nolink@example.com");
    await page.click("button[value=send-code]");
    expect(await page.locator("[role=status]").textContent()).toContain("If nolink@example.com is subscribed, a code is on its way");
    const [, codeMail] = await waitForMail("nolink@example.com", 2);
    const code = codeMail?.subject.match(/\d{8}/)?.[0] as string;
    await page.fill("#code", "00000000");
    await page.click("button[value=verify]");
    expect(await page.locator("[role=alert]").textContent()).toContain("That code is not right");
    await page.fill("#code", code);
    await page.click("button[value=verify]");
    expect(await page.locator("form").textContent()).toContain("Settings for nolink@example.com");
    await page.click("button[value=unsubscribe]");
    expect(await page.locator("[role=status]").textContent()).toContain("You are unsubscribed");
    expect(await settings("nolink@example.com")).toMatchObject({ unsubscribed: true });
    // The code email carries the signed link too; after unsubscribing it says how to come back.
    await page.goto(local(codeMail?.text.match(/https?:\/\/\S+\/subscriptions\/manage\?\S+/)?.[0] as string));
    expect(await page.locator("form").textContent()).toContain("unsubscribed: nothing is sent");
    expect(await page.locator("a[href='/subscribe']", { hasText: "subscribe again" }).count()).toBe(1);
    // An unknown address gets the same answer and no mail.
    await page.goto(`${server.url}/subscriptions/manage`);
    await page.fill("#email", "stranger@example.com");
    await page.click("button[value=send-code]");
    expect(await page.locator("[role=status]").textContent()).toContain("If stranger@example.com is subscribed");
    await context.close();
  });

  it("says at start-up that one-click unsubscribe needs an https PUBLIC_URL (this server's is http)", () => {
    expect(server.logs.join("")).toContain("no one-click unsubscribe (List-Unsubscribe-Post needs https)");
  });
});
