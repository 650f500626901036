/**
 * The email half of `npm run screenshots`: every subscriber email from emails/previews.ts at 390 and
 * 700 px, light and dark, into ./screenshots/emails/ (plus German, Arabic and a pale brand colour for
 * the incident update). The preview logo is served from memory; nothing else is fetched.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { emailPreviews, PREVIEW_BRAND } from "../emails/previews.ts";
import { translator } from "../src/i18n/index.ts";

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="168" height="32" viewBox="0 0 168 32"><rect width="32" height="32" rx="8" fill="#6d28d9"/><path d="M9 22l7-13 7 13z" fill="#fff"/><text x="40" y="22" font-family="system-ui,sans-serif" font-size="17" font-weight="700" fill="#6d28d9">Acme Cloud</text></svg>`;

export async function emailScreenshots(browser: Browser, out: string): Promise<number> {
  const dir = path.join(out, "emails");
  mkdirSync(dir, { recursive: true });
  const english = emailPreviews();
  const extra = [
    ...emailPreviews(translator("de"))
      .filter((e) => ["incident-update", "closure", "component-status", "report-confirm", "report-resolved"].includes(e.slug))
      .map((e) => ({ ...e, slug: `${e.slug}-de` })),
    ...emailPreviews(translator("ar"))
      .filter((e) => e.slug === "incident-update")
      .map((e) => ({ ...e, slug: `${e.slug}-ar` })),
    ...emailPreviews(translator(), { ...PREVIEW_BRAND, color: "#f5c518", logoUrl: null })
      .filter((e) => e.slug === "incident-update" || e.slug === "confirmation")
      .map((e) => ({ ...e, slug: `${e.slug}-pale-brand` })),
  ];
  let written = 0;
  for (const width of [390, 700]) {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
      await context.route("**/*", (route) =>
        route.request().url() === PREVIEW_BRAND.logoUrl
          ? route.fulfill({ contentType: "image/svg+xml", body: LOGO })
          : route.fulfill({ status: 404, body: "" }),
      );
      const page = await context.newPage();
      for (const { slug, email } of [...english, ...extra]) {
        await page.setContent(email.html, { waitUntil: "load" });
        await page.screenshot({ path: path.join(dir, `${slug}-${width}-${colorScheme}.png`), fullPage: true });
        written += 1;
      }
      await context.close();
    }
  }
  return written;
}
