import { t as english } from "../src/i18n/index.ts";
import type { NotificationLinks, RenderedEmail } from "./components/html.ts";
import { type IncidentContext, incidentBlockHtml, incidentBlockText, statusLabel } from "./components/incident.ts";
import { renderLayout } from "./components/layout.ts";

export interface IncidentUpdateEmailProps extends IncidentContext {
  links: NotificationLinks;
}

/** An incident was opened or updated. */
export function renderIncidentUpdateEmail(p: IncidentUpdateEmailProps): RenderedEmail {
  const t = p.t ?? english;
  const subject = `[${p.pageName}] ${p.incidentTitle} — ${statusLabel(t, p.status)}`;
  return renderLayout({
    subject,
    pageName: p.pageName,
    brand: p.brand,
    preheader: `${p.incidentTitle}: ${statusLabel(t, p.status)}`,
    heading: p.incidentTitle,
    bodyHtml: incidentBlockHtml(p),
    bodyText: incidentBlockText(p),
    links: p.links,
    reason: t("email.reasonSubscribed", { page: p.pageName }),
    t,
  });
}

export const previewIncidentUpdateEmail: IncidentUpdateEmailProps = {
  pageName: "Acme Status",
  incidentTitle: "Elevated API error rates",
  incidentUrl: "https://status.example.com/incidents/abc123def456",
  status: "identified",
  impact: "major",
  body: "We found a faulty **load balancer** and are replacing it.",
  postedAt: new Date("2026-03-02T12:00:00Z"),
  components: [{ name: "API", status: "partial_outage" }],
  missed: [{ status: "investigating", postedAt: new Date("2026-03-02T11:40:00Z"), body: "We are looking into errors." }],
  links: {
    manageUrl: "https://status.example.com/subscriptions/manage?s=x",
    unsubscribeUrl: "https://status.example.com/unsubscribe/token",
    feedbackUrl: "https://status.example.com/feedback/abc",
  },
};
