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
  return renderLayout({
    subject: `[${p.pageName}] Follow-up: ${p.incidentTitle}`,
    pageName: p.pageName,
    preheader: `An update on what we promised after ${p.incidentTitle}.`,
    heading: `Follow-up: ${p.incidentTitle}`,
    bodyHtml: `${incidentBlockHtml(p)}${commitmentsHtml(p.commitments, p.timeZone)}`,
    bodyText: `${incidentBlockText(p)}\n\n${commitmentsText(p.commitments, p.timeZone)}`,
    links: p.links,
    reason: `You receive this because you subscribed to ${p.pageName} status notifications.`,
  });
}
