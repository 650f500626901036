/**
 * `npm run screenshots`: builds when the sources changed, starts the built server on a fresh
 * database seeded with the demo, and writes PNGs of every public page at 390 px and 1280 px, light
 * and dark, into ./screenshots/ (full page), for a person to look through; then every subscriber
 * email into ./screenshots/emails/. `npm run screenshots -- --emails` writes only the emails (no build, no server).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { escalation } from "../db/schema/index.ts";
import { signedQuery } from "../src/auth/link-signatures.ts";
import { SYSTEM } from "../src/auth/permissions.ts";
import { hashSecret } from "../src/auth/secrets.ts";
import { serverSecret } from "../src/auth/server-secret.ts";
import { buildIfStale } from "../src/cli/shared.ts";
import { createDeps } from "../src/deps.ts";
import { loadEnv } from "../src/env.ts";
import { newId } from "../src/lib/ids.ts";
import { createDispatcher } from "../src/notify/dispatcher.ts";
import { RateBucket } from "../src/notify/rate-bucket.ts";
import { seedDemo } from "../src/services/demo/seed.ts";
import { ackToken } from "../src/services/escalations/token.ts";
import { createMaintenance } from "../src/services/maintenances/create.ts";
import { CreateMaintenance } from "../src/services/maintenances/schemas.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { makeSubscribers, makeViewerCookie } from "./helpers/factories.ts";
import { seedSubscriber } from "./helpers/incident-fixtures.ts";
import { startServer } from "./helpers/server.ts";
import { consoleScreenshots } from "./screenshots-console.ts";
import { emailScreenshots } from "./screenshots-emails.ts";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "screenshots");
if (process.argv.includes("--emails")) {
  const browser = await launchBrowser();
  try {
    console.log(`Wrote ${await emailScreenshots(browser, out)} email screenshots to ${path.relative(process.cwd(), out) || "."}/emails/`);
  } finally {
    await browser.close();
  }
  process.exit(0);
}
buildIfStale(root, { say: console.log });
mkdirSync(out, { recursive: true });

const server = await startServer({ DISPATCHER: "off" });
const browser = await launchBrowser();
try {
  const { deps, handle } = await createDeps(loadEnv({ DATABASE_URL: `file:${server.dbFile}`, LOG_LEVEL: "silent" }));
  await seedDemo(deps);
  // A subscriber and a maintenance announced to them, delivered into the captured mailbox: the
  // console's Mailbox then shows real mail, one with its .ics attached.
  await makeSubscribers(deps, [{ email: "ops@example.com" }]);
  const inTwoDays = deps.clock.now().getTime() + 2 * 86_400_000;
  await createMaintenance(
    deps,
    { actor: SYSTEM },
    CreateMaintenance.parse({
      title: "Database failover drill",
      visibility: "public",
      body: "We switch the primary database to its replica; writes pause for under a minute.",
      scheduledFor: new Date(inTwoDays).toISOString(),
      scheduledUntil: new Date(inTwoDays + 3_600_000).toISOString(),
    }),
  );
  await createDispatcher(deps, { bucket: new RateBucket(1000) }).tick();
  const viewer = await makeViewerCookie(deps, "cto@acme.example");
  const { incidents } = await (await fetch(`${server.url}/api/v2/incidents.json`)).json();
  const open = incidents.find((i: { status: string }) => i.status !== "resolved" && i.status !== "postmortem") ?? incidents[0];
  const closed = incidents.find((i: { status: string }) => i.status === "resolved" || i.status === "postmortem") ?? incidents[0];
  // A subscriber's signed rating link (from the feedback-request email) and an open escalation's acknowledgement link.
  const reader = await seedSubscriber(deps, "reader@example.com");
  const rating = `/feedback/rate/${closed.id}${signedQuery(await serverSecret(deps.db, deps.clock), "incident", closed.id, reader)}`;
  const escalationId = newId();
  const token = await ackToken(deps.db, deps.clock, escalationId);
  const ackTokenHash = Buffer.from(hashSecret(token));
  const createdAt = new Date(Date.now() - 12 * 60_000);
  await deps.db.insert(escalation).values({ id: escalationId, incidentId: open.id, title: open.name, level: 2, ackTokenHash, createdAt });
  handle.close();
  await new Promise((r) => setTimeout(r, 1100)); // the server sees the new content version within a second
  const home = await (await fetch(server.url)).text();
  const component = /href="(\/components\/[0-9a-z]{12})"/.exec(home)?.[1] ?? "/";
  const pages: [string, string][] = [
    ["home", "/"],
    ["history", "/history"],
    ["incident", `/incidents/${open.id}`],
    ["component", component],
    ["subscribe", "/subscribe"],
    ["subscribe-incident", `/subscribe?incident=${open.id}`],
    ["subscribe-verify", "/subscribe/verify?s=aaaaaaaaaaaa"],
    ["report", "/report"],
    ["report-de", "/report?lang=de"],
    ["report-ar", "/report?lang=ar"],
    ["access", "/access"],
    ["rate", rating],
    ["rate-de", `${rating}&lang=de`],
    ["rate-ar", `${rating}&lang=ar`],
    ["ack-de", `/ack/${token}?lang=de`],
    ["ack-ar", `/ack/${token}?lang=ar`],
    // The same pages in German (long words), Japanese (no spaces) and Arabic (right to left).
    ...(["de", "ja", "ar"] as const).flatMap((lang): [string, string][] => [
      [`home-${lang}`, `/?lang=${lang}`],
      [`incident-${lang}`, `/incidents/${open.id}?lang=${lang}`],
    ]),
  ];
  const cookie = viewer.cookie as string;
  const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
  for (const width of [390, 1280]) {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, timezoneId: "Europe/Berlin" });
      const page = await context.newPage();
      for (const [slug, url] of pages) {
        await page.goto(server.url + url);
        await page.screenshot({ path: path.join(out, `${slug}-${width}-${colorScheme}.png`), fullPage: true });
      }
      // The subscribe form with a chat channel chosen: the URL field instead of the email address.
      await page.goto(`${server.url}/subscribe`);
      await page.check('input[name="channel"][value="teams"]');
      await page.screenshot({ path: path.join(out, `subscribe-teams-${width}-${colorScheme}.png`), fullPage: true });
      // A German reader's form refused for a bad address: the errors in German.
      await page.goto(`${server.url}/subscribe?lang=de`);
      await page.fill("#email", "not-an-address");
      await page.click('button[type="submit"]');
      await page.screenshot({ path: path.join(out, `subscribe-de-error-${width}-${colorScheme}.png`), fullPage: true });
      await context.close();
      // The widget as a host page frames it: 220 px wide, its theme chosen by ?theme=, and the compact line.
      if (width === 390) {
        const frame = await browser.newContext({ viewport: { width: 220, height: 200 }, colorScheme });
        const widget = await frame.newPage();
        for (const [slug, query] of [
          ["embed", `?theme=${colorScheme}`],
          ["embed-compact", `?theme=${colorScheme}&compact=1`],
        ]) {
          await widget.goto(`${server.url}/embed${query}`);
          await widget.screenshot({ path: path.join(out, `${slug}-220-${colorScheme}.png`), fullPage: true });
        }
        await frame.close();
      }
      // The private view an audience member sees, with its bar and Leave button (a fresh context: no cached public copy).
      const mine = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, timezoneId: "Europe/Berlin" });
      await mine.addCookies([{ name, value, url: server.url }]);
      const own = await mine.newPage();
      await own.goto(server.url);
      await own.screenshot({ path: path.join(out, `private-view-${width}-${colorScheme}.png`) });
      await mine.close();
    }
  }
  console.log(`Wrote ${await consoleScreenshots(browser, server, out)} console screenshots`);
  console.log(`Wrote ${await emailScreenshots(browser, out)} email screenshots`);
  console.log(`Wrote ${pages.length * 4 + 12} screenshots to ${path.relative(process.cwd(), out) || "."}/`);
} finally {
  await browser.close();
  await server.stop();
}
