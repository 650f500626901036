import type { FrozenMessage, subscriber } from "../../db/schema/index.ts";
import type { ProjectedIncident, ProjectedUpdate } from "../projection/index.ts";
import { CHAT_FORMATS, chatMessageFor, isChatChannel } from "./chat/index.ts";
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

/** The frozen request for a webhook or chat subscriber: the JSON body (a webhook's is signed at send time). */
export function renderWebhookMessage(
  scope: RenderScope,
  s: typeof subscriber.$inferSelect,
  incident: ProjectedIncident,
  update: ProjectedUpdate,
): FrozenMessage {
  const json = isChatChannel(s.channel)
    ? CHAT_FORMATS[s.channel](chatMessageFor(scope, incident, update))
    : statuspageIncidentPayload(scope, s.id, incident, update);
  return { subject: `${incident.title}: ${update.status}`, html: "", text: "", headers: {}, json };
}
