/**
 * The console half of `npm run screenshots`: every console page (the navigation's, plus one of each
 * detail page and the closure form with two commitment cards) at 1280 and 390 px, light and dark,
 * signed in as an owner, into ./screenshots/console-*.png.
 */
import path from "node:path";
import { and, eq, inArray, isNotNull, notInArray } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { createDb } from "../db/client.ts";
import { capturedEmail, closure, component, importJob, incident, problem, runbook, subscriber } from "../db/schema/index.ts";
import { adminNav } from "../src/components/admin/nav.ts";
import { seedConsoleSession } from "./helpers/console-session.ts";

interface Running {
  url: string;
  dbFile: string;
}

/** Every console page to look at (slug, path), signed in as a new owner; the open incident's id for the closure form. */
export async function consolePages(dbFile: string): Promise<{ pages: [string, string][]; token: string; openIncident?: string }> {
  const { db, close } = await createDb(`file:${dbFile}`);
  try {
    const token = await seedConsoleSession(db, "owner", { email: "shots@example.com", name: "Sam Shots" });
    const closed = db.select({ id: closure.incidentId }).from(closure);
    const [open] = await db
      .select({ id: incident.id })
      .from(incident)
      .where(and(eq(incident.kind, "incident"), notInArray(incident.status, ["resolved", "postmortem"])))
      .limit(1);
    const [done] = await db.select({ id: incident.id }).from(incident).where(inArray(incident.id, closed)).limit(1);
    const [maint] = await db.select({ id: incident.id }).from(incident).where(eq(incident.kind, "maintenance")).limit(1);
    const [comp] = await db.select({ id: component.id }).from(component).limit(1);
    const [sub] = await db.select({ id: subscriber.id }).from(subscriber).limit(1);
    const [prob] = await db.select({ id: problem.id }).from(problem).limit(1);
    const [book] = await db.select({ id: runbook.id }).from(runbook).limit(1);
    const [mail] = await db.select({ id: capturedEmail.id }).from(capturedEmail).where(isNotNull(capturedEmail.attachments)).limit(1);
    const upload = await importHalfway(db);
    const details: [string, string | undefined][] = [
      ["incident-open", open && `/admin/incidents/${open.id}`],
      ["incident-closed", done && `/admin/incidents/${done.id}`],
      ["review", done && `/admin/reviews/${done.id}`],
      ["maintenance-detail", maint && `/admin/maintenance/${maint.id}`],
      ["component-detail", comp && `/admin/components/${comp.id}`],
      ["subscriber-detail", sub && `/admin/subscribers/${sub.id}`],
      ["problem-detail", prob && `/admin/problems/${prob.id}`],
      ["runbook-detail", book && `/admin/runbooks/${book.id}`],
      ["incident-new", "/admin/incidents/new"],
      ["account", "/admin/account"],
      ["subscriber-import", `/admin/subscribers/imports/${upload}`],
      ["mailbox-attachment", mail && `/admin/mailbox/${mail.id}`],
    ];
    const nav = adminNav.map((l): [string, string] => [l.href.replace(/^\/admin\/?/, "").replace(/\//g, "-") || "overview", l.href]);
    const pages = [...nav, ...details.filter((d): d is [string, string] => Boolean(d[1]))];
    return { pages, token, openIncident: open?.id };
  } finally {
    close();
  }
}

/** A large subscriber import another process is running, stopped part-way with two bad rows: its progress page. */
async function importHalfway(db: Awaited<ReturnType<typeof createDb>>["db"]): Promise<string> {
  const id = "shotsimport1";
  const now = new Date();
  const rows = Array.from({ length: 4_800 }, (_, i) => `reader${i}@example.com`);
  await db
    .insert(importJob)
    .values({
      id,
      csv: ["email", ...rows].join("\n"),
      consent: true,
      actor: { type: "system", id: null, name: "screenshots" },
      total: rows.length,
      cursor: 1_500,
      added: 1_498,
      failed: 2,
      errors: [
        { line: 14, email: "not-an-address", message: "email: Enter a valid email address" },
        { line: 977, email: "reader12@example.com", message: "already subscribed" },
      ],
      leaseOwner: "screenshots",
      leaseExpiresAt: new Date(now.getTime() + 3_600_000),
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing();
  return id;
}

/** Says which element makes a phone page scroll sideways, so a person can fix it. */
async function reportSidewaysScroll(page: Page, slug: string): Promise<void> {
  const wide = await page.evaluate(() => {
    if (document.documentElement.scrollWidth <= window.innerWidth) return null;
    const all = [...document.querySelectorAll("main *")].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1);
    const el = all.at(-1);
    return el
      ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`
      : "?";
  });
  if (wide) console.log(`console-${slug} scrolls sideways at 390 px: ${wide}`);
}

/** The closure form after "Add another commitment", so the cards can be looked at. */
async function closureCards(page: Page, url: string, file: string): Promise<void> {
  await page.goto(url);
  await page.fill("#cm-text-0", "Add a canary stage to every deploy so a bad release reaches 1% of traffic first");
  await page.click("text=Add another commitment");
  await page.locator("#close-form").screenshot({ path: file });
}

/** The new-incident form sent without a visibility choice: the refusal next to the field. */
async function refusedNewIncident(page: Page, url: string, file: string): Promise<void> {
  await page.goto(url);
  await page.fill("#n-title", "Checkout is slow");
  await page.fill("#c-body", "Some payments take a minute. We are looking into it.");
  await page.click("button[value=publish]");
  await page.screenshot({ path: file, fullPage: true, timeout: 90_000 });
}

export async function consoleScreenshots(browser: Browser, server: Running, out: string): Promise<number> {
  const { pages, token, openIncident } = await consolePages(server.dbFile);
  let written = 0;
  for (const width of [1280, 390]) {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, timezoneId: "Europe/Berlin" });
      await context.addCookies([{ name: "clarion_session", value: token, url: server.url }]);
      const page = await context.newPage();
      for (const [slug, url] of pages) {
        await page.goto(server.url + url);
        // The API reference is ~60,000 px tall: its first screen says enough, and a full capture can time out.
        const fullPage = slug !== "api";
        await page.screenshot({ path: path.join(out, `console-${slug}-${width}-${colorScheme}.png`), fullPage, timeout: 90_000 });
        written++;
        if (width === 390 && colorScheme === "light") await reportSidewaysScroll(page, slug);
      }
      await refusedNewIncident(
        page,
        `${server.url}/admin/incidents/new`,
        path.join(out, `console-incident-new-refused-${width}-${colorScheme}.png`),
      );
      written++;
      if (openIncident) {
        await closureCards(
          page,
          `${server.url}/admin/incidents/${openIncident}`,
          path.join(out, `console-closure-form-${width}-${colorScheme}.png`),
        );
        written++;
      }
      await context.close();
    }
  }
  return written;
}
