/**
 * The one place that decides what a viewer may see. Pages, /api/v2, feeds, badges, sitemap,
 * emails, webhooks, exports and caches read incident and component content only from here.
 */

export { type ClosureLink, type ProjectedClosure, projectClosure } from "./closure.ts";
export { type ComponentTree, loadComponentTree, type ProjectedComponent, type ProjectedGroup } from "./components.ts";
export { loadHolds, loadStatusSpans, type StatusSpan } from "./history.ts";
export { type IncidentQuery, loadIncidents, type ProjectedIncident, type ProjectedUpdate } from "./incidents.ts";
export { type IncidentRef, loadIncidentRefs } from "./refs.ts";
export { audiencesForEmail, audiencesForEmails, resolveViewer } from "./resolve-viewer.ts";
export {
  heldStatuses,
  type Indicator,
  OVERALL_WORDING,
  type OverallStatus,
  overallStatus,
  SEVERITY,
  worseStatus,
  worstStatus,
} from "./status.ts";
export { storedVisibility } from "./stored-visibility.ts";
export {
  type ChosenText,
  localizeIncident,
  localizeIncidents,
  pickTranslation,
  type ReaderLanguage,
  type TextLanguage,
  type Translations,
} from "./translations.ts";
export { ANONYMOUS, audienceViewer, isShareable, TEAM, type Viewer, viewerKey } from "./viewer.ts";
export { hasPersonalCookie, VIEWER_COOKIE } from "./viewer-cookie.ts";
export { canSee, formatVisibility, parseVisibility, pickMessage, SLUG_PATTERN, type Visibility } from "./visibility.ts";
