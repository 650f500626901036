import { t as english, type Translator } from "../src/i18n/index.ts";
import { button, escapeHtml, paragraph, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface ManageCodeEmailProps {
  pageName: string;
  code: string;
  manageUrl: string;
  expiresInMinutes: number;
}

/** The one-time code that, with the signed link, lets someone change their subscription. */
export function renderManageCodeEmail(p: ManageCodeEmailProps): RenderedEmail {
  return renderLayout({
    subject: `Your ${p.pageName} code: ${p.code}`,
    pageName: p.pageName,
    preheader: `Your code is ${p.code}.`,
    heading: "Your code to manage your subscription",
    bodyHtml: `<p style="margin:0 0 16px;font-size:28px;letter-spacing:4px;font-family:ui-monospace,Menlo,monospace"><strong>${escapeHtml(p.code)}</strong></p>${paragraph(`Enter it on the page that asked for it. It works once, for ${p.expiresInMinutes} minutes.`)}${button(p.manageUrl, "Open subscription settings")}`,
    bodyText: `Your code: ${p.code}\n\nEnter it on the page that asked for it. It works once, for ${p.expiresInMinutes} minutes.\n\nSubscription settings: ${p.manageUrl}`,
    reason: "You receive this because someone asked to manage this address's subscription. If it was not you, ignore it.",
  });
}

export interface ManageLinkEmailProps {
  pageName: string;
  manageUrl: string;
  t?: Translator;
}

/** Sent when an address that is already subscribed subscribes again: no account enumeration on the page. */
export function renderManageLinkEmail(p: ManageLinkEmailProps): RenderedEmail {
  const t = p.t ?? english;
  return renderLayout({
    subject: t("email.alreadySubject", { page: p.pageName }),
    pageName: p.pageName,
    preheader: t("email.alreadyBody"),
    heading: t("email.alreadyHeading"),
    bodyHtml: `${paragraph(t("email.alreadyBody"))}${button(p.manageUrl, t("email.openSettings"))}`,
    bodyText: `${t("email.alreadyBody")}\n\n${t("email.openSettings")}: ${p.manageUrl}`,
    reason: t("email.alreadyReason"),
    t,
  });
}
