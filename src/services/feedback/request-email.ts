import { button, escapeHtml, paragraph, type RenderedEmail } from "../../../emails/components/html.ts";
import { renderLayout } from "../../../emails/components/layout.ts";
import { t as english, type Translator } from "../../i18n/index.ts";

export interface FeedbackRequestEmailProps {
  pageName: string;
  incidentTitle: string;
  ratingUrl: string;
  /** The subscriber's language: the email's words, and the rating page's through the link's ?lang=. */
  t?: Translator;
}

/** After closure: one short question, one button to a page where the rating is posted. */
export function renderFeedbackRequestEmail(p: FeedbackRequestEmailProps): RenderedEmail {
  const t = p.t ?? english;
  const heading = t("email.rateHeading", { title: p.incidentTitle });
  const ask = t("email.rateAsk");
  const url = escapeHtml(p.ratingUrl);
  return renderLayout({
    subject: `[${p.pageName}] ${heading}`,
    pageName: p.pageName,
    preheader: t("rate.questionGeneric"),
    heading,
    bodyHtml: `${paragraph(ask)}${button(p.ratingUrl, t("email.rateButton"))}<p style="margin:0 0 16px;font-size:14px">${escapeHtml(t("email.orOpen"))}: <a href="${url}">${url}</a></p>`,
    bodyText: `${ask}\n${p.ratingUrl}`,
    reason: t("email.rateReason", { page: p.pageName }),
    t,
  });
}
