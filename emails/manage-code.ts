import { t as english, type Translator } from "../src/i18n/index.ts";
import { button, type EmailBrand, escapeHtml, paragraph, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface ManageCodeEmailProps {
  pageName: string;
  code: string;
  manageUrl: string;
  expiresInMinutes: number;
  t?: Translator;
  brand?: EmailBrand;
}

/** The one-time code that, with the signed link, lets someone change their subscription. */
export function renderManageCodeEmail(p: ManageCodeEmailProps): RenderedEmail {
  const t = p.t ?? english;
  const use = t("email.codeUse", { minutes: p.expiresInMinutes });
  return renderLayout({
    subject: t("email.codeSubject", { page: p.pageName, code: p.code }),
    pageName: p.pageName,
    brand: p.brand,
    preheader: t("email.codeIs", { code: p.code }),
    heading: t("email.codeHeading"),
    bodyHtml: `<p style="margin:0 0 16px;font-size:28px;letter-spacing:4px;font-family:ui-monospace,Menlo,monospace"><strong>${escapeHtml(p.code)}</strong></p>${paragraph(use)}${button(p.manageUrl, t("email.openSettings"), p.brand?.color)}`,
    bodyText: `${t("email.codeIs", { code: p.code })}\n\n${use}\n\n${t("email.openSettings")}: ${p.manageUrl}`,
    reason: t("email.codeReason"),
    t,
  });
}

export interface ManageLinkEmailProps {
  pageName: string;
  manageUrl: string;
  t?: Translator;
  brand?: EmailBrand;
}

/** Sent when an address that is already subscribed subscribes again: no account enumeration on the page. */
export function renderManageLinkEmail(p: ManageLinkEmailProps): RenderedEmail {
  const t = p.t ?? english;
  return renderLayout({
    subject: t("email.alreadySubject", { page: p.pageName }),
    pageName: p.pageName,
    brand: p.brand,
    preheader: t("email.alreadyBody"),
    heading: t("email.alreadyHeading"),
    bodyHtml: `${paragraph(t("email.alreadyBody"))}${button(p.manageUrl, t("email.openSettings"), p.brand?.color)}`,
    bodyText: `${t("email.alreadyBody")}\n\n${t("email.openSettings")}: ${p.manageUrl}`,
    reason: t("email.alreadyReason"),
    t,
  });
}
