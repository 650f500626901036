import type { Action } from "../../auth/permissions.ts";

export interface NavLink {
  href: string;
  label: string;
  action: Action;
}

/** The console's navigation in the order of the incident process; each entry shows only to those allowed its action. */
export const adminNavGroups: { label: string; links: NavLink[] }[] = [
  {
    label: "Respond",
    links: [
      { href: "/admin", label: "Overview", action: "console.read" },
      { href: "/admin/triage", label: "Triage", action: "console.read" },
      { href: "/admin/incidents", label: "Incidents", action: "console.read" },
      { href: "/admin/maintenance", label: "Maintenance", action: "console.read" },
      { href: "/admin/commitments", label: "Commitments", action: "console.read" },
    ],
  },
  {
    label: "Communicate",
    links: [
      { href: "/admin/audiences", label: "Audiences", action: "console.read" },
      { href: "/admin/subscribers", label: "Subscribers", action: "console.read" },
      { href: "/admin/templates", label: "Templates", action: "console.read" },
      { href: "/admin/mailbox", label: "Mailbox", action: "mailbox.read" },
      { href: "/admin/deliveries", label: "Dead letters", action: "console.read" },
    ],
  },
  {
    label: "Improve",
    links: [
      { href: "/admin/problems", label: "Problems", action: "console.read" },
      { href: "/admin/reviews", label: "Reviews", action: "console.read" },
      { href: "/admin/runbooks", label: "Runbooks", action: "console.read" },
      { href: "/admin/insights", label: "Insights", action: "console.read" },
    ],
  },
  {
    label: "Configure",
    links: [
      { href: "/admin/components", label: "Components", action: "console.read" },
      { href: "/admin/intake", label: "Intake & on-call", action: "console.read" },
      { href: "/admin/settings", label: "Settings", action: "console.read" },
      { href: "/admin/share", label: "Share & embed", action: "console.read" },
      { href: "/admin/team", label: "Team", action: "team.manage" },
      { href: "/admin/tokens", label: "API tokens", action: "token.manage" },
      { href: "/admin/audit", label: "Audit log", action: "audit.read" },
      { href: "/admin/api", label: "API reference", action: "console.read" },
      { href: "/admin/docs", label: "Guides", action: "console.read" },
    ],
  },
];

export const adminNav: NavLink[] = adminNavGroups.flatMap((g) => g.links);
