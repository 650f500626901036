import { t as english } from "../src/i18n/index.ts";
import { type Commitment, commitmentsHtml, commitmentsText } from "./closure.ts";
import type { NotificationLinks, RenderedEmail } from "./components/html.ts";
import { type IncidentContext, incidentBlockHtml, incidentBlockText } from "./components/incident.ts";
import { renderLayout } from "./components/layout.ts";

export interface CommitmentFollowupEmailProps extends IncidentContext {
  commitments: Commitment[];
  links: NotificationLinks;
}

/** A promise made at closure moved on (done, in progress, dropped): proof that it was kept. */
export function renderCommitmentFollowupEmail(p: CommitmentFollowupEmailProps): RenderedEmail {
  const t = p.t ?? english;
  // The promises are the news: right after the update's words, before what was affected.
  const promises = { html: commitmentsHtml(p.commitments, p.timeZone, t), text: commitmentsText(p.commitments, p.timeZone, t) };
  return renderLayout({
    subject: `[${p.pageName}] ${t("email.followupTitle", { title: p.incidentTitle })}`,
    pageName: p.pageName,
    brand: p.brand,
    preheader: t("email.followupPreheader", { title: p.incidentTitle }),
    heading: t("email.followupTitle", { title: p.incidentTitle }),
    bodyHtml: incidentBlockHtml(p, { during: true, afterBody: promises }),
    bodyText: incidentBlockText(p, { during: true, afterBody: promises }),
    links: p.links,
    reason: t("email.reasonSubscribed", { page: p.pageName }),
    t,
  });
}
