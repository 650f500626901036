import { button, escapeHtml, paragraph, type RenderedEmail } from "../../../emails/components/html.ts";
import { renderLayout } from "../../../emails/components/layout.ts";

export interface FeedbackRequestEmailProps {
  pageName: string;
  incidentTitle: string;
  ratingUrl: string;
}

/** After closure: one short question, one button to a page where the rating is posted. */
export function renderFeedbackRequestEmail(p: FeedbackRequestEmailProps): RenderedEmail {
  const question = "How well did we keep you informed during this incident?";
  return renderLayout({
    subject: `[${p.pageName}] How did we do? ${p.incidentTitle}`,
    pageName: p.pageName,
    preheader: question,
    heading: `How did we do? ${p.incidentTitle}`,
    bodyHtml: `${paragraph(`${question} Rate us from 1 to 5 and tell us what would have helped — it takes a few seconds.`)}${button(p.ratingUrl, "Rate our updates")}<p style="margin:0 0 16px;font-size:14px">Or open <a href="${escapeHtml(p.ratingUrl)}">${escapeHtml(p.ratingUrl)}</a></p>`,
    bodyText: `${question} Rate us from 1 to 5 and tell us what would have helped:\n${p.ratingUrl}`,
    reason: `You receive this once because you were told about this incident by ${p.pageName}.`,
  });
}
