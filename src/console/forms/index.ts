/** Every console page's intent table, so tests can walk each page's forms without a hand list. */
export { COMPONENT_FORMS, COMPONENTS_FORMS, GROUP_FORMS } from "./components.ts";
export { AUDIENCE_FORMS, COMMITMENT_FORMS, TEMPLATE_FORMS } from "./content.ts";
export { INCIDENT_FORMS } from "./incident.ts";
export { INTAKE_FORMS } from "./intake.ts";
export { MAINTENANCE_FORMS, NEW_INCIDENT_FORMS, NEW_MAINTENANCE_FORMS } from "./maintenance.ts";
export { NEW_PROBLEM_FORMS, PROBLEM_FORMS } from "./problem.ts";
export { REVIEW_FORMS } from "./review.ts";
export { NEW_RUNBOOK_FORMS, RUNBOOK_FORMS } from "./runbooks.ts";
export { SETTINGS_FORMS } from "./settings.ts";
export { DELIVERY_FORMS, SUBSCRIBER_FORMS, SUBSCRIBERS_FORMS } from "./subscribers.ts";
export { ACCOUNT_FORMS, TEAM_FORMS, TOKEN_FORMS } from "./team.ts";
export { TRIAGE_DECIDE_FORMS, TRIAGE_FORMS, TRIAGE_LOG_FORMS } from "./triage.ts";
