import type { Action } from "../../auth/permissions.ts";

/** The console's navigation; each entry shows only to those allowed its action. */
export const adminNav: { href: string; label: string; action: Action }[] = [
  { href: "/admin", label: "Overview", action: "console.read" },
  { href: "/admin/team", label: "Team", action: "team.manage" },
  { href: "/admin/tokens", label: "API tokens", action: "token.manage" },
  { href: "/admin/audit", label: "Audit log", action: "audit.read" },
];
