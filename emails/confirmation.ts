import { t as english, type Translator } from "../src/i18n/index.ts";
import { button, type EmailBrand, escapeHtml, link, paragraph, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface ConfirmationEmailProps {
  pageName: string;
  confirmUrl: string;
  /** What they asked for, e.g. ["API", "Dashboard"]; empty: everything. */
  following: string[];
  expiresInDays: number;
  /** The language they chose on the subscribe page. */
  t?: Translator;
  brand?: EmailBrand;
}

/** Double opt-in: the link opens a page whose button confirms (a prefetched GET changes nothing). */
export function renderConfirmationEmail(p: ConfirmationEmailProps): RenderedEmail {
  const t = p.t ?? english;
  const following = p.following.length ? p.following.join(", ") : t("email.allComponents");
  const asked = t("email.confirmAsked", { page: p.pageName, following });
  const expires = t("email.confirmExpires", { days: p.expiresInDays });
  return renderLayout({
    subject: t("email.confirmSubject", { page: p.pageName }),
    pageName: p.pageName,
    brand: p.brand,
    preheader: t("email.confirmPreheader"),
    heading: t("email.confirmHeading"),
    bodyHtml: `${paragraph(asked)}${button(p.confirmUrl, t("email.confirmButton"), p.brand?.color)}<p style="margin:0 0 16px;font-size:14px">${escapeHtml(t("email.orOpen"))}: ${link(p.confirmUrl, p.confirmUrl, p.brand?.color)}</p>${paragraph(expires)}`,
    bodyText: `${asked}\n\n${t("email.confirmButton")}: ${p.confirmUrl}\n\n${expires}`,
    reason: t("email.confirmReason"),
    t,
  });
}
