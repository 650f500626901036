import { button, paragraph, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface MagicLinkEmailProps {
  pageName: string;
  signInUrl: string;
  expiresInMinutes: number;
}

/** A one-time link proving an address, for a private audience's view of the status page. */
export function renderMagicLinkEmail(p: MagicLinkEmailProps): RenderedEmail {
  return renderLayout({
    subject: `Your sign-in link for ${p.pageName}`,
    pageName: p.pageName,
    preheader: "Open your private status page.",
    heading: "Open your status page",
    bodyHtml: `${paragraph("Use this button to see the status page for your organisation.")}${button(p.signInUrl, "Open the status page")}${paragraph(`It works once, for ${p.expiresInMinutes} minutes.`)}`,
    bodyText: `Open the status page for your organisation: ${p.signInUrl}\n\nIt works once, for ${p.expiresInMinutes} minutes.`,
    reason: "You receive this because this address was entered on our status page. If it was not you, ignore it.",
  });
}
