import { brandColors, readableOn } from "../../src/lib/contrast.ts";
import { escapeHtml } from "../../src/lib/html.ts";

export { escapeHtml };

/** A rendered email: the subject and both parts, ready for the mailer. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The links every notification carries; the feedback link only where a notification asks for one. */
export interface NotificationLinks {
  manageUrl: string;
  unsubscribeUrl: string;
  feedbackUrl?: string;
}

/** What makes an email look like the page it comes from. Every URL is absolute. */
export interface EmailBrand {
  pageName: string;
  pageUrl: string;
  /** The logo shown in the header (the page's name when null). */
  logoUrl: string | null;
  /** The page's brand colour, "#rrggbb". */
  color: string;
  /** Where a reader gets help; left out of the footer when null. */
  supportUrl: string | null;
}

export const DEFAULT_BRAND_COLOR = "#2457d6";

/** The white card and the dark card the layout draws on; links are made readable on both. */
export const CARD_LIGHT = "#ffffff";
export const CARD_DARK = "#161b22";

export interface EmailPalette {
  button: string;
  buttonText: string;
  linkLight: string;
  linkDark: string;
}

const palettes = new Map<string, EmailPalette>();

/** The brand's colours for buttons and links (WCAG AA on both cards), worked out once per colour. */
export function palette(color: string = DEFAULT_BRAND_COLOR): EmailPalette {
  let p = palettes.get(color);
  if (!p) {
    p = brandColors(/^#[0-9a-fA-F]{6}$/.test(color) ? color : DEFAULT_BRAND_COLOR);
    palettes.set(color, p);
  }
  return p;
}

const pills = new Map<string, string>();

/** A status pill: white words on the status colour, darkened until they reach 4.5:1. */
export function pill(label: string, color: string): string {
  let background = pills.get(color);
  if (!background) {
    background = readableOn(color, "#ffffff");
    pills.set(color, background);
  }
  return `<span class="pill" style="display:inline-block;padding:2px 10px;border-radius:999px;background:${background};color:#ffffff;font-size:14px;font-weight:600;line-height:1.6">${escapeHtml(label)}</span>`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone} ${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = withTime
      ? { timeZone, dateStyle: "medium", timeStyle: "short" }
      : { timeZone, dateStyle: "medium" };
    f = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** "2 Mar 2026, 12:00 UTC". Formatters are cached: building one per email dominated bulk rendering. */
export function formatTime(at: Date, timeZone = "UTC", locale = "en"): string {
  return `${formatter(timeZone, locale, true).format(at)} ${timeZone}`;
}

/** "2 Mar 2026": a due date, where the hour would be noise. */
export function formatDate(at: Date, timeZone = "UTC", locale = "en"): string {
  return formatter(timeZone, locale, false).format(at);
}

/** "10 Mar 2026, 03:00 – 04:00 UTC": the day said once when the window fits in one. */
export function formatWindow(from: Date, until: Date, timeZone = "UTC", locale = "en"): string {
  return `${formatter(timeZone, locale, true).formatRange(from, until)} ${timeZone}`;
}

/** A call to action in the brand's colour, its words black or white, whichever reads better. */
export function button(href: string, label: string, color?: string): string {
  const p = palette(color);
  return `<p style="margin:24px 0"><a href="${escapeHtml(href)}" class="btn" style="display:inline-block;padding:12px 20px;border-radius:6px;background:${p.button};color:${p.buttonText};text-decoration:none;font-weight:600">${escapeHtml(label)}</a></p>`;
}

export function paragraph(text: string): string {
  return `<p style="margin:0 0 16px">${escapeHtml(text)}</p>`;
}

/** A link in the brand's colour for light clients; the layout's dark styles recolour it. */
export function link(href: string, label: string, color?: string): string {
  return `<a href="${escapeHtml(href)}" style="color:${palette(color).linkLight}">${escapeHtml(label)}</a>`;
}
