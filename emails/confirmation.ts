import { button, escapeHtml, paragraph, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface ConfirmationEmailProps {
  pageName: string;
  confirmUrl: string;
  /** What they asked for, e.g. ["API", "Dashboard"] or ["all components"]. */
  following: string[];
  expiresInDays: number;
}

/** Double opt-in: the link opens a page whose button confirms (a prefetched GET changes nothing). */
export function renderConfirmationEmail(p: ConfirmationEmailProps): RenderedEmail {
  const following = p.following.join(", ");
  return renderLayout({
    subject: `Confirm your subscription to ${p.pageName}`,
    pageName: p.pageName,
    preheader: "One click to start receiving status notifications.",
    heading: "Confirm your subscription",
    bodyHtml: `${paragraph(`Someone, hopefully you, asked to receive ${p.pageName} notifications about: ${following}.`)}${button(p.confirmUrl, "Confirm subscription")}<p style="margin:0 0 16px;font-size:14px">Or open this link: <a href="${escapeHtml(p.confirmUrl)}">${escapeHtml(p.confirmUrl)}</a></p>${paragraph(`The link works for ${p.expiresInDays} days. If you did not ask for this, ignore this email and nothing will be sent.`)}`,
    bodyText: `Someone, hopefully you, asked to receive ${p.pageName} notifications about: ${following}.\n\nConfirm here: ${p.confirmUrl}\n\nThe link works for ${p.expiresInDays} days. If you did not ask for this, ignore this email and nothing will be sent.`,
    reason: "You receive this one email because this address was entered on our subscribe page.",
  });
}
