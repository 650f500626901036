/**
 * The one place that decides what a viewer may see. Pages, /api/v2, feeds, badges, sitemap,
 * emails, webhooks, exports and caches read incident and component content only from here.
 */
export { type ComponentTree, loadComponentTree, type ProjectedComponent, type ProjectedGroup } from "./components.ts";
export { loadHolds, loadStatusSpans, type StatusSpan } from "./history.ts";
export { type IncidentQuery, loadIncidents, type ProjectedIncident, type ProjectedUpdate } from "./incidents.ts";
export { type IncidentRef, loadIncidentRefs } from "./refs.ts";
export { audiencesForEmail, resolveViewer, VIEWER_COOKIE } from "./resolve-viewer.ts";
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
export { ANONYMOUS, audienceViewer, isShareable, TEAM, type Viewer, viewerKey } from "./viewer.ts";
export { canSee, formatVisibility, parseVisibility, pickMessage, SLUG_PATTERN, type Visibility } from "./visibility.ts";
