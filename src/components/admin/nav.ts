import type { Action } from "../../auth/permissions.ts";
import { t } from "../../i18n/console/index.ts";

export interface NavLink {
  href: string;
  label: string;
  action: Action;
}

/** The console's navigation in the order of the incident process; each entry shows only to those allowed its action. */
export const adminNavGroups: { label: string; links: NavLink[] }[] = [
  {
    label: t("nav.respond"),
    links: [
      { href: "/admin", label: t("nav.overview"), action: "console.read" },
      { href: "/admin/triage", label: t("nav.triage"), action: "console.read" },
      { href: "/admin/incidents", label: t("nav.incidents"), action: "console.read" },
      { href: "/admin/maintenance", label: t("nav.maintenance"), action: "console.read" },
      { href: "/admin/commitments", label: t("nav.commitments"), action: "console.read" },
    ],
  },
  {
    label: t("nav.communicate"),
    links: [
      { href: "/admin/audiences", label: t("nav.audiences"), action: "console.read" },
      { href: "/admin/subscribers", label: t("nav.subscribers"), action: "console.read" },
      { href: "/admin/templates", label: t("nav.templates"), action: "console.read" },
      { href: "/admin/mailbox", label: t("nav.mailbox"), action: "mailbox.read" },
      { href: "/admin/deliveries", label: t("nav.dead_letters"), action: "console.read" },
    ],
  },
  {
    label: t("nav.improve"),
    links: [
      { href: "/admin/problems", label: t("nav.problems"), action: "console.read" },
      { href: "/admin/reviews", label: t("nav.reviews"), action: "console.read" },
      { href: "/admin/runbooks", label: t("nav.runbooks"), action: "console.read" },
      { href: "/admin/insights", label: t("nav.insights"), action: "console.read" },
    ],
  },
  {
    label: t("nav.configure"),
    links: [
      { href: "/admin/components", label: t("nav.components"), action: "console.read" },
      { href: "/admin/intake", label: t("nav.intake_on_call"), action: "console.read" },
      { href: "/admin/settings", label: t("nav.settings"), action: "console.read" },
      { href: "/admin/share", label: t("nav.share_embed"), action: "console.read" },
      { href: "/admin/team", label: t("nav.team"), action: "team.manage" },
      { href: "/admin/tokens", label: t("nav.api_tokens"), action: "token.manage" },
      { href: "/admin/audit", label: t("nav.audit_log"), action: "audit.read" },
      { href: "/admin/api", label: t("nav.api_reference"), action: "console.read" },
      { href: "/admin/docs", label: t("nav.guides"), action: "console.read" },
    ],
  },
];

export const adminNav: NavLink[] = adminNavGroups.flatMap((g) => g.links);
