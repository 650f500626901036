import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../db/client.ts";
import { importJob, subscriber } from "../../db/schema/index.ts";
import { newId } from "../../src/lib/ids.ts";
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
  token = await seedConsoleSession(handle.db, "communicator", { email: "lists@example.com", name: "Lee Lists" });
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

/** An import another process is running (its lease is held), stopped at a known row. */
async function importInProgress(processed: number, total: number): Promise<string> {
  const id = newId();
  const now = new Date();
  const csv = ["email", ...Array.from({ length: total }, (_, i) => `held${i}@example.com`)].join("\n");
  await handle.db.insert(importJob).values({
    id,
    csv,
    consent: true,
    actor: { type: "system", id: null, name: "test" },
    total,
    cursor: processed,
    added: processed,
    errors: [],
    leaseOwner: "another-process",
    leaseExpiresAt: new Date(now.getTime() + 3_600_000),
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

describe("subscriber CSV upload (real Chromium)", () => {
  it("a file of 3,000 rows (two of them bad) is uploaded, imported in the background, and the page follows it to the end", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "clarion-upload-"));
    const file = path.join(dir, "subscribers.csv");
    const lines = Array.from({ length: 2_998 }, (_, i) => `upload${i}@example.com,yes`);
    await writeFile(file, ["email,maintenance", ...lines, "not-an-address,yes", "upload5@example.com,yes"].join("\n"));
    const page = await consolePage();
    await page.goto(`${server.url}/admin/subscribers`);
    await page.setInputFiles("#csv-file", file);
    await page.check('input[name="consent"]');
    await Promise.all([
      page.waitForURL(/\/admin\/subscribers\/imports\/\w+$/),
      page.click('form[enctype="multipart/form-data"] button[type="submit"]'),
    ]);
    expect(await page.textContent("#progress-h")).toMatch(/^Import(ing|ed) 3,000 rows$/);
    // The page follows the job by itself (console-progress.js) until it is finished.
    await expect
      .poll(() => page.textContent("#import-progress [role=status]"), { timeout: 60_000 })
      .toMatch(/^\s*Finished:\s+2,998 added, 2 not imported\./);
    expect(await page.locator("#import-progress tbody tr").count()).toBe(2);
    expect(await page.textContent("#import-progress tbody")).toContain("not-an-address");
    const added = await handle.db.select({ id: subscriber.id }).from(subscriber);
    expect(added.length).toBe(2_998);
    await page.context().close();
  });

  it("progress reads rows done of the total without JavaScript, and with it the page updates itself", async () => {
    const id = await importInProgress(1_500, 5_000);
    const still = await consolePage({ javaScriptEnabled: false });
    await still.goto(`${server.url}/admin/subscribers/imports/${id}`);
    expect(await still.textContent("#import-progress [role=status]")).toMatch(/1,500 of 5,000 rows done:\s+1,500 added, 0 not imported\./);
    expect(await still.getAttribute("progress", "value")).toBe("1500");
    expect(await still.textContent("#import-progress")).toContain("Check again");
    await still.context().close();

    const live = await consolePage();
    await live.goto(`${server.url}/admin/subscribers/imports/${id}`);
    await handle.db.update(importJob).set({ cursor: 3_000, added: 3_000 }).where(eq(importJob.id, id));
    await expect.poll(() => live.textContent("#import-progress [role=status]"), { timeout: 20_000 }).toMatch(/3,000 of 5,000 rows done/);
    await handle.db.update(importJob).set({ cursor: 5_000, added: 5_000, state: "done" }).where(eq(importJob.id, id));
    await expect.poll(() => live.textContent("#import-progress [role=status]"), { timeout: 20_000 }).toMatch(/Finished:\s+5,000 added/);
    expect(await live.getAttribute("#import-progress", "data-follow")).toBeNull();
    await live.context().close();
  });
});
