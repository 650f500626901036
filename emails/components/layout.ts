import { t as english, type Translator } from "../../src/i18n/index.ts";
import { escapeHtml, type NotificationLinks, type RenderedEmail } from "./html.ts";

export interface LayoutInput {
  subject: string;
  pageName: string;
  /** Shown by mail clients beside the subject; hidden in the body. */
  preheader: string;
  heading: string;
  bodyHtml: string;
  bodyText: string;
  /** Notifications carry manage, unsubscribe and feedback links; transactional mail does not. */
  links?: NotificationLinks;
  /** Why the reader got this email, in one sentence. */
  reason: string;
  /** The reader's language: the footer's words, `lang` and `dir`. */
  t?: Translator;
}

/**
 * One accessible layout for every email: a single 600px column that shrinks on phones,
 * real text (no images), a `prefers-color-scheme: dark` palette for clients that honour it
 * and colours that stay readable when a client inverts them instead.
 */
export function renderLayout(input: LayoutInput): RenderedEmail {
  const { links } = input;
  const t = input.t ?? english;
  const footerHtml = links
    ? `<p style="margin:0 0 8px">${links.feedbackUrl ? `${escapeHtml(t("feedback.ask"))} <a href="${escapeHtml(links.feedbackUrl)}">${escapeHtml(t("email.tellUs"))}</a>. · ` : ""}<a href="${escapeHtml(links.manageUrl)}">${escapeHtml(t("email.manage"))}</a> · <a href="${escapeHtml(links.unsubscribeUrl)}">${escapeHtml(t("email.unsubscribe"))}</a></p>`
    : "";
  const html = `<!doctype html>
<html lang="${t.locale}" dir="${t.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(input.subject)}</title>
<style>
  body { margin:0; padding:0; background:#f4f5f7; color:#1a1d23; }
  a { color:#1f4fc2; }
  .card { background:#ffffff; }
  @media (prefers-color-scheme: dark) {
    body, .outer { background:#0f1216 !important; color:#e8eaed !important; }
    .card { background:#171b21 !important; color:#e8eaed !important; }
    a { color:#8fb0ff !important; }
    .btn { background:#8fb0ff !important; color:#0f1216 !important; }
    .muted { color:#a9b1bd !important; }
  }
  @media (max-width: 620px) { .card { padding:20px !important; } }
</style>
</head>
<body>
<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(input.preheader)}</div>
<table role="presentation" class="outer" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7">
<tr><td align="center" style="padding:16px 8px">
<table role="presentation" class="card" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;padding:32px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.5;color:#1a1d23">
<tr><td>
<p class="muted" style="margin:0 0 8px;color:#545b68;font-size:14px">${escapeHtml(input.pageName)}</p>
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${escapeHtml(input.heading)}</h1>
${input.bodyHtml}
<hr style="border:0;border-top:1px solid #d3d8df;margin:24px 0">
<div class="muted" style="color:#545b68;font-size:14px">
${footerHtml}<p style="margin:0">${escapeHtml(input.reason)}</p>
</div>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
  const footerText = links
    ? [
        links.feedbackUrl ? `${t("feedback.ask")} ${links.feedbackUrl}` : "",
        `${t("email.manage")}: ${links.manageUrl}`,
        `${t("email.unsubscribe")}: ${links.unsubscribeUrl}`,
      ].filter(Boolean)
    : [];
  const text = [input.pageName, "", input.heading, "", input.bodyText.trim(), "", "--", ...footerText, input.reason].join("\n");
  return { subject: input.subject, html, text };
}
