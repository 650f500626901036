import { createRequire } from "node:module";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium (Playwright gives it a fresh profile), headless, with the background networking this machine cannot reach turned off. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

const axeSource = (): string => {
  const require = createRequire(import.meta.url);
  return require("node:fs").readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
};

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page and returns its violations (WCAG 2.x A and AA rules; `extraTags` adds e.g. "wcag22aa", target size). */
export async function axe(page: Page, extraTags: string[] = []): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, so the page's strict CSP does not block it.
  await page.evaluate(axeSource());
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice", ...extraTags];
  return page.evaluate(async (values) => {
    // @ts-expect-error axe is injected above
    const result = await window.axe.run(document, { runOnly: { type: "tag", values } });
    return result.violations.map((v: AxeViolation) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  }, tags);
}

/** axe needs script: checks `url` in a JavaScript-enabled context that shares `from`'s cookies. */
export async function axeAt(browser: Browser, url: string, from?: BrowserContext): Promise<AxeViolation[]> {
  const context = await browser.newContext(from ? { storageState: await from.storageState() } : {});
  try {
    const page = await context.newPage();
    await page.goto(url);
    return await axe(page);
  } finally {
    await context.close();
  }
}
