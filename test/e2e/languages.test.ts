import { count } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escalation, feedback, subscriber } from "../../db/schema/index.ts";
import { signedQuery } from "../../src/auth/link-signatures.ts";
import { hashSecret } from "../../src/auth/secrets.ts";
import { serverSecret } from "../../src/auth/server-secret.ts";
import { createDeps } from "../../src/deps.ts";
import { loadEnv } from "../../src/env.ts";
import { ar } from "../../src/i18n/ar.ts";
import { de } from "../../src/i18n/de.ts";
import { translator } from "../../src/i18n/index.ts";
import { LOCALES } from "../../src/i18n/locales.ts";
import { newId } from "../../src/lib/ids.ts";
import { seedDemo } from "../../src/services/demo/seed.ts";
import { ackToken } from "../../src/services/escalations/token.ts";
import { axe, launchBrowser } from "../helpers/browser.ts";
import { seedSubscriber } from "../helpers/incident-fixtures.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
let browser: Browser;
let incidentPath: string;
/** A subscriber's signed rating link for a resolved incident, and an open escalation's acknowledgement link. */
let ratingPath: string;
let ackPath: string;
let countRows: (table: typeof subscriber | typeof feedback) => Promise<number>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ DISPATCHER: "off" }), launchBrowser()]);
  const { deps, handle } = await createDeps(loadEnv({ DATABASE_URL: `file:${server.dbFile}`, LOG_LEVEL: "silent" }));
  await seedDemo(deps);
  const incidents = await (await fetch(`${server.url}/api/v2/incidents.json`)).json();
  incidentPath = `/incidents/${incidents.incidents[0].id}`;
  const resolved = incidents.incidents.find((i: { status: string }) => ["resolved", "postmortem"].includes(i.status));
  const secret = await serverSecret(deps.db, deps.clock);
  const readerId = await seedSubscriber(deps, "leser@example.com", { language: "de" });
  ratingPath = `/feedback/rate/${resolved.id}${signedQuery(secret, "incident", resolved.id, readerId)}`;
  const escalationId = newId();
  const token = await ackToken(deps.db, deps.clock, escalationId);
  await deps.db.insert(escalation).values({
    id: escalationId,
    incidentId: incidents.incidents[0].id,
    title: "Checkout answers 502",
    level: 2,
    ackTokenHash: Buffer.from(hashSecret(token)),
    createdAt: new Date(Date.now() - 7 * 60_000),
  });
  ackPath = `/ack/${token}`;
  countRows = async (table) => (await deps.db.select({ n: count() }).from(table))[0]?.n ?? 0;
  closeDb = () => handle.close();
  await new Promise((r) => setTimeout(r, 1100));
});
let closeDb = (): void => {};
afterAll(async () => {
  closeDb();
  await browser?.close();
  await server?.stop();
});

describe("the language switcher", () => {
  it("works without JavaScript, and the choice is remembered for the next page", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`${server.url}/history`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "Deutsch" }).click();
    expect(new URL(page.url()).pathname).toBe("/history");
    expect(new URL(page.url()).searchParams.get("lang")).toBe("de");
    expect(await page.getAttribute("html", "lang")).toBe("de");
    expect(await page.locator("h1").first().textContent()).toBe("Vorfallsverlauf");
    // A bare link elsewhere: the cookie brings the reader back to German.
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).searchParams.get("lang")).toBe("de");
    expect(await page.getByRole("link", { name: "Updates abonnieren" }).count()).toBe(1);
    await context.close();
  });

  it("the history filter keeps the reader's language in the URL, without a cookie", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`${server.url}/history?lang=fr`);
    await context.clearCookies();
    await page.getByRole("button", { name: "Afficher" }).click();
    expect(new URL(page.url()).searchParams.get("lang")).toBe("fr");
    expect(await page.getAttribute("html", "lang")).toBe("fr");
    await page.locator('a[rel="prev"]').click();
    expect(new URL(page.url()).searchParams.get("lang")).toBe("fr");
    await context.close();
  });

  it("a Japanese browser lands on the Japanese page; English stays on the bare URL", async () => {
    const ja = await browser.newContext({ locale: "ja-JP" });
    const page = await ja.newPage();
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).search).toBe("?lang=ja");
    expect(await page.getAttribute("html", "lang")).toBe("ja");
    await ja.close();
    const en = await browser.newContext({ locale: "en-US" });
    const other = await en.newPage();
    await other.goto(`${server.url}/`);
    expect(new URL(other.url()).search).toBe("");
    await en.close();
  });
});

describe("Arabic", () => {
  it("reads right to left and nothing overflows at 320 px, on / and an incident page", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 }, colorScheme: "dark" });
    const page = await context.newPage();
    for (const path of ["/?lang=ar", `${incidentPath}?lang=ar`, "/history?lang=ar"]) {
      const res = await page.goto(server.url + path);
      expect(res?.status(), path).toBe(200);
      expect(await page.getAttribute("html", "dir"), path).toBe("rtl");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      // The skip link stays off screen on the start side (the right), not stretching the page to the left.
      const skip = await page.locator(".skip").boundingBox();
      expect(skip === null || skip.x > 320 || skip.x + skip.width < 0, path).toBe(true);
    }
    await context.close();
  });
});

describe("the report pages", () => {
  it("/report?lang=ar reads right to left with Arabic labels and no overflow at 320 px", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    expect((await page.goto(`${server.url}/report?lang=ar`))?.status()).toBe(200);
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    expect(await page.getAttribute("html", "lang")).toBe("ar");
    expect((await page.locator("h1").textContent())?.trim()).toBe(ar["page.report"]);
    expect((await page.locator('label[for="what"]').textContent())?.trim()).toBe(ar["report.what"]);
    expect((await page.locator('label[for="email"]').textContent())?.trim()).toBe(ar["report.email"]);
    expect((await page.locator('button[type="submit"]').textContent())?.trim()).toBe(ar["report.send"]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await context.close();
  });

  it("a German reporter's confirmation link opens a German page", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    const res = await page.goto(`${server.url}/report/confirm/zzzzzzzzzzzz?e=a%40example.com&sig=wrong&lang=de`);
    expect(res?.status()).toBe(404);
    expect((await page.locator("h1").textContent())?.trim()).toBe(de["report.confirmTitle"]);
    expect(await page.locator('[role="alert"]').textContent()).toContain(de["report.linkInvalid"]);
    await context.close();
  });

  it("axe finds nothing on /report in German and Arabic, light and dark", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ viewport: { width: 390, height: 900 }, colorScheme });
      const page = await context.newPage();
      for (const lang of ["de", "ar"]) {
        await page.goto(`${server.url}/report?lang=${lang}`);
        expect(await page.getAttribute("html", "lang")).toBe(lang);
        expect(await axe(page), `${lang} ${colorScheme}`).toEqual([]);
      }
      await context.close();
    }
  });
});

describe("axe in every language", () => {
  it("finds nothing on / in any shipped language", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
    const page = await context.newPage();
    for (const lang of LOCALES) {
      await page.goto(`${server.url}/?lang=${lang}`);
      expect(await page.getAttribute("html", "lang")).toBe(lang);
      expect(await axe(page), lang).toEqual([]);
    }
    await context.close();
  });
});

describe("the rating page, the acknowledgement page and form errors in the reader's language", () => {
  it("a rating link in German shows German labels; a rating left out is refused in German and records nothing", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    expect((await page.goto(`${server.url}${ratingPath}&lang=de`))?.status()).toBe(200);
    expect(await page.getAttribute("html", "lang")).toBe("de");
    expect((await page.locator("h1").textContent())?.trim()).toBe(de["rate.title"]);
    expect(await page.locator("legend").textContent()).toMatch(/^Wie gut haben wir Sie während „.+“ auf dem Laufenden gehalten\?$/);
    expect((await page.locator('label[for="comment"]').textContent())?.trim()).toBe(de["rate.comment"]);
    expect((await page.locator('button[type="submit"]').textContent())?.trim()).toBe(de["rate.send"]);
    // Send it without a rating (the browser's own check is taken away, as an old browser would).
    const before = await countRows(feedback);
    await page.evaluate(() => {
      for (const input of document.querySelectorAll("input[required]")) input.removeAttribute("required");
    });
    await page.click('button[type="submit"]');
    expect(await page.getAttribute("html", "lang")).toBe("de");
    expect((await page.locator('[role="alert"]').textContent())?.trim()).toBe(de["form.checkFields"]);
    expect((await page.locator("#rating-error").textContent())?.trim()).toBe(de["form.rating"]);
    expect(await countRows(feedback)).toBe(before);
    await page.check('input[name="rating"][value="4"]');
    await page.click('button[type="submit"]');
    expect((await page.locator('[role="status"]').textContent())?.trim()).toBe(de["rate.saved"]);
    expect(await countRows(feedback)).toBe(before + 1);
    await context.close();
  });

  it("axe finds nothing on the rating and acknowledgement pages in German and Arabic, light and dark (before acknowledging)", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ viewport: { width: 390, height: 900 }, colorScheme });
      const page = await context.newPage();
      for (const lang of ["de", "ar"]) {
        for (const path of [`${ratingPath}&lang=${lang}`, `${ackPath}?lang=${lang}`]) {
          await page.goto(server.url + path);
          expect(await page.getAttribute("html", "lang")).toBe(lang);
          expect(await axe(page), `${path} ${colorScheme}`).toEqual([]);
        }
      }
      await context.close();
    }
  });

  it("an acknowledgement link with ?lang=ar reads right to left in Arabic, before and after acknowledging", async () => {
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    expect((await page.goto(`${server.url}${ackPath}?lang=ar`))?.status()).toBe(200);
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    expect((await page.locator("h1").textContent())?.trim()).toBe(ar["ack.heading"]);
    expect((await page.locator("form p").first().textContent())?.trim()).toBe(
      translator("ar")("ack.paging", { title: "Checkout answers 502", level: 2 }),
    );
    expect((await page.locator('button[type="submit"]').textContent())?.trim()).toBe(ar["ack.button"]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.click('button[type="submit"]');
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    const notice = (await page.locator('[role="status"]').textContent()) ?? "";
    expect(notice).toContain(ar["ack.done"]);
    // About seven minutes (paged 7 minutes before the test began), in Arabic words (Intl.DurationFormat), not "7 min".
    const spans = [7, 8, 9, 10, 11, 12].map((m) => translator("ar").duration(m * 60_000));
    expect(
      spans.some((span) => notice.includes(span)),
      notice,
    ).toBe(true);
    expect(notice).not.toMatch(/min|Nobody/);
    expect(await axe(page)).toEqual([]);
    await context.close();
  });

  it("/subscribe?lang=de with an invalid email shows the error in German and subscribes nobody", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`${server.url}/subscribe?lang=de`);
    const before = await countRows(subscriber);
    await page.fill("#email", "not-an-address");
    await page.click('button[type="submit"]');
    expect(await page.getAttribute("html", "lang")).toBe("de");
    expect((await page.locator("#email-error").textContent())?.trim()).toBe(de["form.email"]);
    expect(await page.locator('[role="alert"]').textContent()).toContain(de["form.checkFields"]);
    expect(await page.locator("main").textContent()).not.toMatch(/enter a valid|Some fields/);
    expect(await page.getAttribute("#email", "aria-invalid")).toBe("true");
    expect(await countRows(subscriber)).toBe(before);
    await context.close();
  });
});
