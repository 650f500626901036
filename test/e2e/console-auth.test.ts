import { desc, eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.ts";
import { auditEvent, capturedEmail } from "../../db/schema/index.ts";
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

async function waitForMail(dbFile: string, to: string): Promise<string> {
  const handle = await createDb(`file:${dbFile}`);
  try {
    for (let i = 0; i < 100; i++) {
      const [mail] = await handle.db.select().from(capturedEmail).where(eq(capturedEmail.to, to)).orderBy(desc(capturedEmail.createdAt));
      if (mail) return mail.text;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no mail for ${to}`);
  } finally {
    handle.close();
  }
}

describe("console sign-in in Chromium, without JavaScript", () => {
  it("setup → console → invite → the invitee joins → sign out → sign in", async () => {
    const owner = await browser.newContext({ javaScriptEnabled: false });
    const page = await owner.newPage();
    // An empty team: the console leads through sign-in to setup.
    await page.goto(`${server.url}/admin`);
    expect(new URL(page.url()).pathname).toBe("/admin/setup");
    expect(await axeAt(browser, page.url())).toEqual([]);

    await page.fill("#f-name", "Olivia Owner");
    await page.fill("#f-email", "olivia@example.com");
    await page.fill("#f-password", "short");
    await page.click("button[type=submit]");
    expect(await page.locator(".error").first().textContent()).toMatch(/at least 8/);
    expect(await page.inputValue("#f-email")).toBe("olivia@example.com");

    await page.fill("#f-password", "a long owner passphrase");
    await page.click("button[type=submit]");
    expect(new URL(page.url()).pathname).toBe("/admin");
    expect(await page.textContent("h1")).toBe("Overview");

    await page.goto(`${server.url}/admin/team`);
    expect(await axeAt(browser, page.url(), owner)).toEqual([]);
    await page.fill("#invite-email", "rui@example.com");
    await page.selectOption("#invite-role", "responder");
    await page.click("form:has(#invite-email) button[type=submit]");
    expect(await page.textContent("[role=status]")).toContain("rui@example.com");

    const text = await waitForMail(server.dbFile, "rui@example.com");
    const link = text.match(/https?:\/\/\S+\/admin\/invite\/\S+/)?.[0];
    expect(link).toBeTruthy();

    const invitee = await browser.newContext({ javaScriptEnabled: false });
    const p2 = await invitee.newPage();
    await p2.goto(link as string);
    expect(await p2.textContent("main")).toContain("responder");
    await p2.fill("#f-name", "Rui Responder");
    await p2.fill("#f-password", "responder passphrase");
    await p2.click("button[type=submit]");
    expect(new URL(p2.url()).pathname).toBe("/admin");
    expect(await p2.locator("nav a", { hasText: "Team" }).count()).toBe(0);
    const forbidden = await p2.goto(`${server.url}/admin/team`);
    expect(forbidden?.status()).toBe(403);

    await page.click("text=Sign out");
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    await page.fill("#f-email", "olivia@example.com");
    await page.fill("#f-password", "wrong passphrase");
    await page.click("button[type=submit]");
    expect(await page.textContent("[role=alert]")).toContain("incorrect");
    await page.fill("#f-password", "a long owner passphrase");
    await page.click("button[type=submit]");
    expect(new URL(page.url()).pathname).toBe("/admin");

    const handle = await createDb(`file:${server.dbFile}`);
    const actions = (await handle.db.select({ action: auditEvent.action }).from(auditEvent)).map((a) => a.action);
    handle.close();
    expect(actions).toEqual(
      expect.arrayContaining([
        "team.setup_owner",
        "team.invited",
        "team.invitation_accepted",
        "auth.logout",
        "auth.login_failed",
        "auth.login",
      ]),
    );
    await owner.close();
    await invitee.close();
  });

  it("a cross-site form post to the console is refused", async () => {
    const res = await fetch(`${server.url}/admin/team`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example", cookie: "clarion_session=x.y" },
      body: "intent=invite&email=x%40y.z&role=owner",
    });
    expect(res.status).toBe(403);
  });

  it("console responses are never cached", async () => {
    const res = await fetch(`${server.url}/admin/login`);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const page = await browser.newPage();
    await page.goto(`${server.url}/admin/login`);
    await page.fill("#f-email", "olivia@example.com");
    await page.fill("#f-password", "a long owner passphrase");
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/admin")), page.click("button[type=submit]")]);
    expect(response.headers()["cache-control"]).toBe("no-store");
    await page.close();
  });
});
