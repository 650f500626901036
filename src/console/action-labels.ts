import type { Action } from "../auth/permissions.ts";
import { t } from "../i18n/console/index.ts";

/** What each permission lets someone do, in words for the 403 page. */
export const ACTION_LABELS: Record<Action, string> = {
  "console.read": t("action.console_read"),
  "incident.write": t("action.incident_write"),
  "incident.publish_restricted": t("action.incident_publish_restricted"),
  "incident.close": t("action.incident_close"),
  "maintenance.write": t("action.maintenance_write"),
  "template.manage": t("action.template_manage"),
  "audience.manage": t("action.audience_manage"),
  "subscriber.manage": t("action.subscriber_manage"),
  "component.write": t("action.component_write"),
  "settings.write": t("action.settings_write"),
  "mailbox.read": t("action.mailbox_read"),
  "team.manage": t("action.team_manage"),
  "team.manage_owners": t("action.team_manage_owners"),
  "token.manage": t("action.token_manage"),
  "audit.read": t("action.audit_read"),
};

export function forbiddenReason(action: Action): string {
  return t("action.forbidden", { what: ACTION_LABELS[action] });
}
