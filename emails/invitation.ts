import { button, paragraph, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface InvitationEmailProps {
  pageName: string;
  inviterName: string;
  role: string;
  acceptUrl: string;
  expiresInDays: number;
}

/** A team invitation to the console. */
export function renderInvitationEmail(p: InvitationEmailProps): RenderedEmail {
  return renderLayout({
    subject: `${p.inviterName} invited you to ${p.pageName}`,
    pageName: p.pageName,
    preheader: `Join the ${p.pageName} console as ${p.role}.`,
    heading: "You are invited",
    bodyHtml: `${paragraph(`${p.inviterName} invited you to the ${p.pageName} console as ${p.role}.`)}${button(p.acceptUrl, "Accept the invitation")}${paragraph(`The invitation works for ${p.expiresInDays} days.`)}`,
    bodyText: `${p.inviterName} invited you to the ${p.pageName} console as ${p.role}.\n\nAccept: ${p.acceptUrl}\n\nThe invitation works for ${p.expiresInDays} days.`,
    reason: "You receive this because a team member entered your address. If you did not expect it, ignore it.",
  });
}
