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

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2 Mar 2026, 12:00 UTC". Formatters are cached: building one per email dominated bulk rendering. */
export function formatTime(at: Date, timeZone = "UTC", locale = "en"): string {
  const key = `${locale} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, { timeZone, dateStyle: "medium", timeStyle: "short" });
    formatters.set(key, f);
  }
  return `${f.format(at)} ${timeZone}`;
}

export function button(href: string, label: string): string {
  return `<p style="margin:24px 0"><a href="${escapeHtml(href)}" class="btn" style="display:inline-block;padding:12px 20px;border-radius:6px;background:#1f4fc2;color:#ffffff;text-decoration:none;font-weight:600">${escapeHtml(label)}</a></p>`;
}

export function paragraph(text: string): string {
  return `<p style="margin:0 0 16px">${escapeHtml(text)}</p>`;
}
