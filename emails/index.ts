/** Every email template: typed props in, `{ subject, html, text }` out. */
export { type ClosureEmailProps, renderClosureEmail } from "./closure.ts";
export { type CommitmentFollowupEmailProps, renderCommitmentFollowupEmail } from "./commitment-followup.ts";
export { type ComponentStatusEmailProps, renderComponentStatusEmail } from "./component-status.ts";
export type { NotificationLinks, RenderedEmail } from "./components/html.ts";
export { type ConfirmationEmailProps, renderConfirmationEmail } from "./confirmation.ts";
export { type DrillUpdateEmailProps, renderDrillUpdateEmail } from "./drill-update.ts";
export { type IncidentUpdateEmailProps, renderIncidentUpdateEmail } from "./incident-update.ts";
export { type InvitationEmailProps, renderInvitationEmail } from "./invitation.ts";
export { type MagicLinkEmailProps, renderMagicLinkEmail } from "./magic-link.ts";
export { type MaintenanceNoticeEmailProps, renderMaintenanceNoticeEmail } from "./maintenance-notice.ts";
export { type ManageCodeEmailProps, renderManageCodeEmail, renderManageLinkEmail } from "./manage-code.ts";
export { type OverdueReminderEmailProps, renderOverdueReminderEmail } from "./overdue-reminder.ts";
export { type PostmortemEmailProps, renderPostmortemEmail } from "./postmortem.ts";
export { type ReportConfirmEmailProps, renderReportConfirmEmail } from "./report-confirm.ts";
