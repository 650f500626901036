import type { DataDeps } from "../components/shared.ts";
import { getSettings } from "../settings/get.ts";

/**
 * The owner's custom CSS as the stylesheet /custom.css: a file of its own under the CSP's
 * `style-src 'self'`, never pasted into a page, so nothing in it can end a `<style>` element.
 */
export async function customStylesheet(deps: DataDeps): Promise<string> {
  const { customCss } = await getSettings(deps);
  return `/* Custom CSS from the page's settings */\n${customCss}\n`;
}
