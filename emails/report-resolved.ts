import { button, type EmailBrand, paragraph, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface ReportResolvedEmailProps {
  pageName: string;
  brand?: EmailBrand;
  /** What the reporter wrote, quoted back so they recognise it. */
  what: string;
  /** The public incident page, or null when the incident is not public. */
  incidentUrl: string | null;
}

/** To someone who reported a problem and left an email: it is fixed. */
export function renderReportResolvedEmail(p: ReportResolvedEmailProps): RenderedEmail {
  const quoted = p.what.length > 200 ? `${p.what.slice(0, 200)}…` : p.what;
  const lead = `Thank you for telling us about a problem. The incident it was part of is now resolved.`;
  return renderLayout({
    subject: "The problem you reported is resolved",
    pageName: p.pageName,
    brand: p.brand,
    preheader: "Thank you for your report.",
    heading: "Resolved",
    bodyHtml: `${paragraph(lead)}${paragraph(`You wrote: “${quoted}”`)}${p.incidentUrl ? button(p.incidentUrl, "Read what happened", p.brand?.color) : ""}`,
    bodyText: `${lead}\n\nYou wrote: "${quoted}"${p.incidentUrl ? `\n\nWhat happened: ${p.incidentUrl}` : ""}`,
    reason: "You receive this once because you left your address when you reported the problem.",
  });
}
