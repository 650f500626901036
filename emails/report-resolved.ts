import { t as english, type Translator } from "../src/i18n/index.ts";
import { button, type EmailBrand, paragraph, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface ReportResolvedEmailProps {
  pageName: string;
  brand?: EmailBrand;
  /** What the reporter wrote, quoted back so they recognise it. */
  what: string;
  /** The public incident page, or null when the incident is not public. */
  incidentUrl: string | null;
  /** The language of the page they reported from. */
  t?: Translator;
}

/** To someone who reported a problem and left an email: it is fixed. */
export function renderReportResolvedEmail(p: ReportResolvedEmailProps): RenderedEmail {
  const t = p.t ?? english;
  const quoted = p.what.length > 200 ? `${p.what.slice(0, 200)}…` : p.what;
  const lead = t("email.reportResolvedLead");
  const wrote = t("email.reportYouWrote", { what: quoted });
  return renderLayout({
    subject: t("email.reportResolvedSubject"),
    pageName: p.pageName,
    brand: p.brand,
    preheader: t("email.reportResolvedPreheader"),
    heading: t("email.reportResolvedHeading"),
    bodyHtml: `${paragraph(lead)}${paragraph(wrote)}${p.incidentUrl ? button(p.incidentUrl, t("email.reportReadWhat"), p.brand?.color) : ""}`,
    bodyText: `${lead}\n\n${wrote}${p.incidentUrl ? `\n\n${t("email.reportReadWhat")}: ${p.incidentUrl}` : ""}`,
    reason: t("email.reportResolvedReason"),
    t,
  });
}
