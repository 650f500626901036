import { t as english, type Translator } from "../src/i18n/index.ts";
import { button, paragraph, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface MagicLinkEmailProps {
  pageName: string;
  signInUrl: string;
  expiresInMinutes: number;
  /** The language of the page the address was entered on. */
  t?: Translator;
}

/** A one-time link proving an address, for a private audience's view of the status page. */
export function renderMagicLinkEmail(p: MagicLinkEmailProps): RenderedEmail {
  const t = p.t ?? english;
  const expires = t("email.accessExpires", { minutes: p.expiresInMinutes });
  return renderLayout({
    subject: t("email.accessSubject", { page: p.pageName }),
    pageName: p.pageName,
    preheader: t("email.accessPreheader"),
    heading: t("email.accessHeading"),
    bodyHtml: `${paragraph(t("email.accessBody"))}${button(p.signInUrl, t("email.accessButton"))}${paragraph(expires)}`,
    bodyText: `${t("email.accessBody")}\n\n${t("email.accessButton")}: ${p.signInUrl}\n\n${expires}`,
    reason: t("email.accessReason"),
    t,
  });
}
