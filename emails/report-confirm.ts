import { t as english, type Translator } from "../src/i18n/index.ts";
import { button, type EmailBrand, escapeHtml, link, paragraph, type RenderedEmail } from "./components/html.ts";
import { renderLayout } from "./components/layout.ts";

export interface ReportConfirmEmailProps {
  pageName: string;
  brand?: EmailBrand;
  confirmUrl: string;
  /** The language of the page they reported from. */
  t?: Translator;
}

/** Double opt-in for a reporter's address; the report's own words are left out (anyone can type them). */
export function renderReportConfirmEmail(p: ReportConfirmEmailProps): RenderedEmail {
  const t = p.t ?? english;
  const lead = t("email.reportConfirmLead", { page: p.pageName });
  const after = t("email.reportConfirmAfter");
  return renderLayout({
    subject: t("email.reportConfirmSubject", { page: p.pageName }),
    pageName: p.pageName,
    brand: p.brand,
    preheader: t("email.reportConfirmPreheader"),
    heading: t("email.reportConfirmHeading"),
    bodyHtml: `${paragraph(lead)}${button(p.confirmUrl, t("report.confirmButton"), p.brand?.color)}<p style="margin:0 0 16px;font-size:14px">${escapeHtml(t("email.orOpen"))}: ${link(p.confirmUrl, p.confirmUrl, p.brand?.color)}</p>${paragraph(after)}`,
    bodyText: `${lead}\n\n${t("report.confirmButton")}: ${p.confirmUrl}\n\n${after}`,
    reason: t("email.reportConfirmReason"),
    t,
  });
}
