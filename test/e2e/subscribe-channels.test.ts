import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser.ts";
import { type FakeChat, startFakeChat } from "../helpers/fake-chat.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: Browser;
let chat: FakeChat;
beforeAll(async () => {
  chat = await startFakeChat();
  // The fakes listen on this machine, which only WEBHOOK_ALLOW_PRIVATE lets a webhook reach.
  [server, browser] = await Promise.all([startServer({ WEBHOOK_ALLOW_PRIVATE: "true" }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await chat?.close();
});

async function postTo(service: string, matching: RegExp): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const found = chat.posts.find((p) => p.service === service && matching.test(JSON.stringify(p.body)));
    if (found) return JSON.stringify(found.body);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`nothing arrived at the fake ${service}`);
}

describe("the subscribe page offers every channel, without JavaScript", () => {
  it("a Teams channel: paste its incoming-webhook URL, it is added at once and the test message arrives", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/subscribe`);
    await page.check('input[name="channel"][value="teams"]');
    expect(await page.isVisible("#email")).toBe(false);
    await page.fill("#url", chat.urlOf("teams"));
    await page.click("button[type=submit]");
    expect(await page.locator("[role=status]").textContent()).toContain("Added to Microsoft Teams.");
    expect(await postTo("teams", /is connected/)).toContain("AdaptiveCard");
    await context.close();
  });

  it("a Discord channel added from the German page speaks German, and its manage page offers the messages' language", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "de-DE" });
    const page = await context.newPage();
    await page.goto(`${server.url}/subscribe`);
    await page.check('input[name="channel"][value="discord"]');
    await page.fill("#url", chat.urlOf("discord"));
    await page.click("button[type=submit]");
    // The test message is in the page's language, its manage link too.
    const message = await postTo("discord", /ist verbunden/);
    expect(message).toContain("Abonnement verwalten");
    const manage = /https?:\/\/[^"\s)]+\/subscriptions\/manage\?s=[0-9a-z]+&sig=[0-9a-z]+/.exec(message)?.[0];
    expect(manage).toBeDefined();
    await page.goto(`${server.url}${new URL(manage as string).pathname}${new URL(manage as string).search}`);
    expect(await page.locator('label[for="language"]').textContent()).toBe("Sprache der Nachrichten in diesem Kanal");
    expect(await page.locator("#language").inputValue()).toBe("de");
    await context.close();
  });

  it("a webhook: Clarion POSTs a code to it, and the page asks for that code before anything else is sent", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/subscribe`);
    await page.check('input[name="channel"][value="webhook"]');
    await page.fill("#url", chat.urlOf("webhook"));
    await page.click("button[type=submit]");
    expect(page.url()).toContain("/subscribe/verify?s=");
    const request = JSON.parse(await postTo("webhook", /verification_code/)) as { verification_code: string };
    await page.fill("#code", "WRONG-CODE0");
    await page.click("button[type=submit]");
    expect(await page.locator("[role=alert]").textContent()).toContain("That code does not match");
    await page.fill("#code", request.verification_code);
    await page.click("button[type=submit]");
    const status = await page.locator("[role=status]").textContent();
    expect(status).toContain("Your webhook is verified.");
    expect(await page.locator("code.secret").textContent()).toMatch(/^[a-z2-7]{40,}$/);
    await context.close();
  });
});
