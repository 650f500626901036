import type { FrozenMessage, subscriber } from "../../db/schema/index.ts";
import { statusLabel } from "../../emails/components/incident.ts";
import { t as english, type Translator, translator } from "../i18n/index.ts";
import { markdownToText } from "../lib/markdown.ts";
import type { ProjectedIncident, ProjectedUpdate } from "../projection/index.ts";
import { absoluteLinks, incidentUrl, unsubscribeUrl } from "./links.ts";
import type { RenderScope } from "./recipient.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Statuspage's webhook body for an incident: meta, page, incident (with its updates and components). */
export function statuspageIncidentPayload(scope: RenderScope, subscriberId: string, incident: ProjectedIncident, update: ProjectedUpdate) {
  const { env } = scope.deps;
  return {
    meta: {
      unsubscribe: unsubscribeUrl(env, scope.secret, subscriberId),
      documentation: "https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/",
    },
    page: {
      id: "clarion",
      status_indicator: incident.resolvedAt ? "none" : incident.impact,
      status_description: incident.resolvedAt ? "All Systems Operational" : incident.title,
    },
    incident: {
      id: incident.id,
      name: incident.title,
      status: incident.status,
      impact: incident.impact,
      created_at: iso(incident.createdAt),
      updated_at: iso(incident.updatedAt),
      started_at: iso(incident.startedAt),
      resolved_at: iso(incident.resolvedAt),
      scheduled_for: iso(incident.scheduledFor),
      scheduled_until: iso(incident.scheduledUntil),
      shortlink: incidentUrl(env, incident.id, incident.kind),
      components: incident.components.map((c) => ({ id: c.id, name: c.name, status: c.status })),
      incident_updates: incident.updates
        .filter((u) => u.displayAt <= update.displayAt)
        .map((u) => ({
          id: u.id,
          incident_id: incident.id,
          status: u.status,
          body: absoluteLinks(env, u.body),
          created_at: iso(u.createdAt),
          updated_at: iso(u.updatedAt),
          display_at: iso(u.displayAt),
        })),
    },
  };
}

/** A Slack incoming-webhook message in Block Kit. */
export function slackBlocks(scope: RenderScope, incident: ProjectedIncident, update: ProjectedUpdate, t: Translator = english) {
  const url = incidentUrl(scope.deps.env, incident.id, incident.kind);
  const status = statusLabel(t, update.status);
  const text = markdownToText(absoluteLinks(scope.deps.env, update.body)).slice(0, 2900);
  return {
    text: `${incident.title}: ${status}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: incident.title.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: `*${status}* · ${scope.pageName}\n${text}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: `<${url}|${t("email.timeline")}>` }] },
    ],
  };
}

/** The frozen request for a webhook or Slack subscriber: the JSON body (signed at send time). */
export function renderWebhookMessage(
  scope: RenderScope,
  s: typeof subscriber.$inferSelect,
  incident: ProjectedIncident,
  update: ProjectedUpdate,
): FrozenMessage {
  // Chat messages speak the subscriber's language; the Statuspage payload is a machine format and stays as Statuspage defines it.
  const json =
    s.channel === "slack"
      ? slackBlocks(scope, incident, update, translator(s.language))
      : statuspageIncidentPayload(scope, s.id, incident, update);
  return { subject: `${incident.title}: ${update.status}`, html: "", text: "", headers: {}, json };
}
