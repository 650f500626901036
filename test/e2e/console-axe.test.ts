import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeps } from "../../src/deps.ts";
import { loadEnv } from "../../src/env.ts";
import { seedDemo } from "../../src/services/demo/seed.ts";
import { axe, launchBrowser } from "../helpers/browser.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";
import { consolePages } from "../screenshots-console.ts";

/** axe on every console page (the ones `npm run screenshots` captures) over the demo data, light and dark. */
let server: RunningServer;
let browser: Browser;
let pages: [string, string][];
let token: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ DISPATCHER: "off" }), launchBrowser()]);
  const { deps, handle } = await createDeps(loadEnv({ DATABASE_URL: `file:${server.dbFile}`, LOG_LEVEL: "silent" }));
  await seedDemo(deps);
  handle.close();
  ({ pages, token } = await consolePages(server.dbFile));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("axe on every console page", () => {
  it.each(["light", "dark"] as const)(
    "finds nothing in %s mode",
    async (colorScheme) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
      await context.addCookies([{ name: "clarion_session", value: token, url: server.url }]);
      const page = await context.newPage();
      const found: string[] = [];
      for (const [slug, path] of pages) {
        const res = await page.goto(server.url + path);
        expect(res?.status(), path).toBe(200);
        for (const v of await axe(page)) found.push(`${slug}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      }
      await context.close();
      console.log(`console axe (${colorScheme}): ${pages.length} pages`);
      expect(found).toEqual([]);
    },
    180_000,
  );
});
