import { button, type EmailBrand, link, paragraph, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface ReportConfirmEmailProps {
  pageName: string;
  brand?: EmailBrand;
  confirmUrl: string;
}

/** Double opt-in for a reporter's address; the report's own words are left out (anyone can type them). */
export function renderReportConfirmEmail(p: ReportConfirmEmailProps): RenderedEmail {
  const lead = `Someone, hopefully you, reported a problem on the ${p.pageName} status page and asked to hear back at this address.`;
  const after =
    "Confirm, and we will write when the problem is resolved. If it was not you, ignore this email and nothing more will be sent.";
  return renderLayout({
    subject: `Confirm to hear back about your report to ${p.pageName}`,
    pageName: p.pageName,
    brand: p.brand,
    preheader: "One click to hear back about your report.",
    heading: "Confirm your address",
    bodyHtml: `${paragraph(lead)}${button(p.confirmUrl, "Yes, write to me", p.brand?.color)}<p style="margin:0 0 16px;font-size:14px">Or open this link: ${link(p.confirmUrl, p.confirmUrl, p.brand?.color)}</p>${paragraph(after)}`,
    bodyText: `${lead}\n\nConfirm here: ${p.confirmUrl}\n\n${after}`,
    reason: "You receive this one email because this address was entered on our report form.",
  });
}
