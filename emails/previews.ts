import { t as english, type Translator } from "../src/i18n/index.ts";
import { renderClosureEmail } from "./closure.ts";
import { renderCommitmentFollowupEmail } from "./commitment-followup.ts";
import { renderComponentStatusEmail } from "./component-status.ts";
import type { EmailBrand, NotificationLinks, RenderedEmail } from "./components/html.ts";
import type { IncidentContext } from "./components/incident.ts";
import { renderConfirmationEmail } from "./confirmation.ts";
import { renderIncidentUpdateEmail } from "./incident-update.ts";
import { renderMaintenanceNoticeEmail } from "./maintenance-notice.ts";
import { renderManageCodeEmail, renderManageLinkEmail } from "./manage-code.ts";
import { renderPostmortemEmail } from "./postmortem.ts";
import { renderReportConfirmEmail } from "./report-confirm.ts";
import { renderReportResolvedEmail } from "./report-resolved.ts";

/** Preview props for every email a subscriber or reporter gets, for screenshots and a person's eyes. */
const origin = "https://status.acme.example";
export const PREVIEW_BRAND: EmailBrand = {
  pageName: "Acme Cloud Status",
  pageUrl: origin,
  logoUrl: `${origin}/logo.svg`,
  color: "#6d28d9",
  supportUrl: "https://acme.example/support",
};

const links: NotificationLinks = {
  manageUrl: `${origin}/subscriptions/manage?s=abc123def456&sig=x`,
  unsubscribeUrl: `${origin}/unsubscribe/token`,
  feedbackUrl: `${origin}/feedback/upd123`,
};

function incident(t: Translator, brand: EmailBrand): IncidentContext {
  return {
    pageName: brand.pageName,
    brand,
    t,
    incidentTitle: "Elevated API error rates",
    incidentUrl: `${origin}/incidents/abc123def456`,
    status: "identified",
    impact: "major",
    body: `We found a faulty **load balancer** in Frankfurt and are replacing it. Requests to the REST API may fail with 502 errors; retries succeed. Follow along on [the status page](${origin}/).`,
    postedAt: new Date("2026-03-02T12:00:00Z"),
    components: [
      { name: "REST API", status: "partial_outage", during: "major_outage" },
      { name: "Dashboard", status: "degraded_performance", during: "degraded_performance" },
    ],
    missed: [{ status: "investigating", postedAt: new Date("2026-03-02T11:40:00Z"), body: "We are looking into errors on the REST API." }],
    timeZone: "Europe/Berlin",
  };
}

/** Every subscriber-facing email rendered in one language with one brand: slug and email. */
export function emailPreviews(t: Translator = english, brand: EmailBrand = PREVIEW_BRAND): { slug: string; email: RenderedEmail }[] {
  const base = incident(t, brand);
  const over = { ...base, status: "resolved", missed: [], postedAt: new Date("2026-03-02T13:10:00Z") };
  const commitments = [
    {
      text: "Add a second load balancer in every region",
      owner: "Platform team",
      dueAt: new Date("2026-04-01T00:00:00Z"),
      state: "in_progress",
    },
    { text: "Alert on 502 rates above 1% within a minute", owner: "SRE", dueAt: null, state: "done" },
  ];
  const maintenance = {
    ...base,
    kind: "maintenance" as const,
    incidentTitle: "Database upgrade",
    incidentUrl: `${origin}/maintenance/mnt123def456`,
    status: "scheduled",
    impact: "none",
    body: "We are upgrading the primary database. Writes pause for up to two minutes.",
    components: [{ name: "REST API", status: "operational", during: "under_maintenance" }],
    missed: [],
    scheduledFor: new Date("2026-03-10T02:00:00Z"),
    scheduledUntil: new Date("2026-03-10T03:00:00Z"),
    calendarUrl: `${origin}/maintenance.ics?maintenance=mnt123def456`,
    links,
  };
  return [
    { slug: "incident-update", email: renderIncidentUpdateEmail({ ...base, links }) },
    {
      slug: "closure",
      email: renderClosureEmail({
        ...over,
        summary: "A faulty load balancer in Frankfurt dropped about 4% of API requests for 70 minutes. We replaced it at 13:05.",
        apology: "We are sorry. You rely on the API for your own customers, and we let you down.",
        commitments,
        links,
      }),
    },
    { slug: "maintenance", email: renderMaintenanceNoticeEmail(maintenance) },
    {
      slug: "component-status",
      email: renderComponentStatusEmail({
        pageName: brand.pageName,
        brand,
        t,
        componentName: "REST API",
        status: "degraded_performance",
        previousStatus: "operational",
        postedAt: new Date("2026-03-02T12:00:00Z"),
        timeZone: "Europe/Berlin",
        pageUrl: origin,
        links: { manageUrl: links.manageUrl, unsubscribeUrl: links.unsubscribeUrl },
      }),
    },
    {
      slug: "postmortem",
      email: renderPostmortemEmail({
        pageName: brand.pageName,
        brand,
        t,
        incidentTitle: base.incidentTitle,
        incidentUrl: base.incidentUrl,
        body: "## What happened\n\nA load balancer's health check passed while its backend pool was empty.\n\n## What we changed\n\n- Health checks now test a real request.\n- Pools alert when they shrink by half.",
        links,
      }),
    },
    { slug: "commitment-followup", email: renderCommitmentFollowupEmail({ ...over, commitments, links }) },
    {
      slug: "confirmation",
      email: renderConfirmationEmail({
        pageName: brand.pageName,
        brand,
        t,
        confirmUrl: `${origin}/confirm/tok123`,
        following: ["REST API", "Dashboard"],
        expiresInDays: 7,
      }),
    },
    {
      slug: "manage-code",
      email: renderManageCodeEmail({
        pageName: brand.pageName,
        brand,
        t,
        code: "48151623",
        manageUrl: links.manageUrl,
        expiresInMinutes: 15,
      }),
    },
    { slug: "manage-link", email: renderManageLinkEmail({ pageName: brand.pageName, brand, t, manageUrl: links.manageUrl }) },
    {
      slug: "report-confirm",
      email: renderReportConfirmEmail({ pageName: brand.pageName, brand, t, confirmUrl: `${origin}/report/confirm/r1` }),
    },
    {
      slug: "report-resolved",
      email: renderReportResolvedEmail({
        pageName: brand.pageName,
        brand,
        t,
        what: "The dashboard shows 502 errors",
        incidentUrl: base.incidentUrl,
      }),
    },
  ];
}
