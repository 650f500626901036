import type { Action } from "../auth/permissions.ts";

/** What each permission lets someone do, in words for the 403 page. */
export const ACTION_LABELS: Record<Action, string> = {
  "console.read": "use the console",
  "incident.write": "post and change incidents",
  "incident.publish_restricted": "publish to named audiences",
  "incident.close": "close incidents, write reviews, postmortems and runbooks",
  "maintenance.write": "schedule and update maintenance",
  "template.manage": "manage message templates",
  "audience.manage": "manage audiences",
  "subscriber.manage": "manage subscribers and deliveries",
  "component.write": "change components and groups",
  "settings.write": "change settings and alert intake",
  "mailbox.read": "read the mailbox",
  "team.manage": "manage the team",
  "team.manage_owners": "manage owners",
  "token.manage": "manage API tokens",
  "audit.read": "read the audit log",
};

export function forbiddenReason(action: Action): string {
  return `Your role does not allow you to ${ACTION_LABELS[action]}, so nothing was changed.`;
}
