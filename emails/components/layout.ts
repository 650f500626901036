import { t as english, type Translator } from "../../src/i18n/index.ts";
import {
  CARD_DARK,
  CARD_LIGHT,
  DEFAULT_BRAND_COLOR,
  type EmailBrand,
  escapeHtml,
  type NotificationLinks,
  palette,
  type RenderedEmail,
} from "./html.ts";

export interface LayoutInput {
  subject: string;
  pageName: string;
  /** The page's logo, colour, address and support link; plain colours and the name alone without it. */
  brand?: EmailBrand;
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

const MUTED_LIGHT = "#545b68";
const RULE_LIGHT = "#d0d7de";
const styles = new Map<string, string>();

/**
 * The head's styles for one brand colour, built once: links in the brand, a dark palette without bright
 * lines, and the logo on a light plate there (most logos are drawn for a light background).
 */
function styleFor(color: string): string {
  let css = styles.get(color);
  if (!css) {
    const p = palette(color);
    css = `<style>
  body { margin:0; padding:0; background:#f4f5f7; color:#1a1d23; }
  a { color:${p.linkLight}; }
  .card { background:${CARD_LIGHT}; }
  .card h2 { font-size:18px; line-height:1.3; margin:24px 0 8px; }
  .card h3 { font-size:16px; margin:16px 0 8px; }
  @media (prefers-color-scheme: dark) {
    body, .outer { background:#0d1117 !important; color:#e6edf3 !important; }
    .card { background:${CARD_DARK} !important; color:#e6edf3 !important; }
    a { color:${p.linkDark} !important; }
    a.btn { color:${p.buttonText} !important; }
    .muted, .muted a { color:#a9b1bd !important; }
    .rule { border-color:#30363d !important; }
    .name { color:#e6edf3 !important; }
    .logo { background:#ffffff; padding:4px 8px; border-radius:6px; }
  }
  @media (max-width: 620px) { .pad { padding-left:20px !important; padding-right:20px !important; } }
</style>`;
    styles.set(color, css);
  }
  return css;
}

function header(brand: EmailBrand): string {
  const inner = brand.logoUrl
    ? `<img class="logo" src="${escapeHtml(brand.logoUrl)}" alt="${escapeHtml(brand.pageName)}" height="32" style="display:block;height:32px;width:auto;max-width:240px;border:0">`
    : `<span class="name" style="font-size:16px;font-weight:700;color:#1a1d23">${escapeHtml(brand.pageName)}</span>`;
  return brand.pageUrl ? `<a href="${escapeHtml(brand.pageUrl)}" style="text-decoration:none">${inner}</a>` : inner;
}

/** "Acme Status · Manage your subscription · Unsubscribe · Get help": each a link, the name to the page. */
function footerLinks(brand: EmailBrand, links: NotificationLinks | undefined, t: Translator): string {
  const a = (href: string, label: string) => `<a href="${escapeHtml(href)}" style="color:${MUTED_LIGHT}">${escapeHtml(label)}</a>`;
  const parts = [brand.pageUrl ? a(brand.pageUrl, brand.pageName) : escapeHtml(brand.pageName)];
  if (links) parts.push(a(links.manageUrl, t("email.manage")), a(links.unsubscribeUrl, t("email.unsubscribe")));
  if (brand.supportUrl) parts.push(a(brand.supportUrl, t("page.support")));
  // Each link keeps its separator on its own line, so a wrapped line never starts with "·".
  return parts.map((part, i) => `<span style="white-space:nowrap">${part}${i < parts.length - 1 ? " &middot;" : ""}</span>`).join(" ");
}

/**
 * One accessible layout for every email: the page's logo and colour on a single 600px card that
 * shrinks on phones, a `prefers-color-scheme: dark` palette for clients that honour it, and lines
 * and greys that stay quiet when a client inverts colours instead.
 */
export function renderLayout(input: LayoutInput): RenderedEmail {
  const { links } = input;
  const t = input.t ?? english;
  const brand = input.brand ?? { pageName: input.pageName, pageUrl: "", logoUrl: null, color: DEFAULT_BRAND_COLOR, supportUrl: null };
  const p = palette(brand.color);
  const feedbackHtml = links?.feedbackUrl
    ? `<p style="margin:24px 0 0">${escapeHtml(t("feedback.ask"))} <a href="${escapeHtml(links.feedbackUrl)}" style="color:${p.linkLight}">${escapeHtml(t("email.tellUs"))}</a></p>`
    : "";
  const html = `<!doctype html>
<html lang="${t.locale}" dir="${t.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(input.subject)}</title>
${styleFor(brand.color)}
</head>
<body>
<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(input.preheader)}</div>
<table role="presentation" class="outer" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7">
<tr><td align="center" style="padding:16px 8px">
<table role="presentation" class="card" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:${CARD_LIGHT};border-radius:8px;border-top:4px solid ${p.button};font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.5;color:#1a1d23">
<tr><td class="pad" style="padding:24px 32px 0">${header(brand)}</td></tr>
<tr><td class="pad" style="padding:20px 32px 24px">
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${escapeHtml(input.heading)}</h1>
${input.bodyHtml}${feedbackHtml}
</td></tr>
<tr><td class="pad" style="padding:0 32px 24px"><div class="rule muted" style="border-top:1px solid ${RULE_LIGHT};padding-top:16px;color:${MUTED_LIGHT};font-size:14px">
<p style="margin:0 0 8px">${footerLinks(brand, links, t)}</p>
<p style="margin:0">${escapeHtml(input.reason)}</p>
</div></td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
  const footerText = [
    brand.pageUrl ? `${brand.pageName}: ${brand.pageUrl}` : brand.pageName,
    ...(links ? [`${t("email.manage")}: ${links.manageUrl}`, `${t("email.unsubscribe")}: ${links.unsubscribeUrl}`] : []),
    ...(brand.supportUrl ? [`${t("page.support")}: ${brand.supportUrl}`] : []),
  ];
  const feedbackText = links?.feedbackUrl ? `\n\n${t("feedback.ask")} ${t("email.tellUs")}: ${links.feedbackUrl}` : "";
  const text = [input.heading, "", `${input.bodyText.trim()}${feedbackText}`, "", "--", ...footerText, input.reason].join("\n");
  return { subject: input.subject, html, text };
}
