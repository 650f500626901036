import type { FrozenMessage, subscriber } from "../../db/schema/index.ts";
import { webhookVerificationCode } from "../auth/link-signatures.ts";
import { translator } from "../i18n/index.ts";
import { componentStatusColor } from "../lib/status-color.ts";
import { absoluteLogoUrl, baseUrl } from "../lib/urls.ts";
import type { ProjectedIncident, ProjectedUpdate } from "../projection/index.ts";
import { CHAT_FORMATS, chatLabels, chatMessageFor, isChatChannel } from "./chat/index.ts";
import { absoluteLinks, incidentUrl, manageUrl, unsubscribeUrl } from "./links.ts";
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

/**
 * The request that proves a webhook URL belongs to whoever subscribed it from the public page:
 * they type the code back on the page it names.
 */
export function verificationPayload(scope: RenderScope, subscriberId: string, language?: string) {
  const { env } = scope.deps;
  const verifyUrl = `${baseUrl(env)}/subscribe/verify?s=${subscriberId}`;
  return {
    type: "verification",
    verification_code: webhookVerificationCode(scope.secret, subscriberId),
    // For the person reading the receiver's log: in the language they subscribed in (the rest is machine fields).
    message: translator(language)("webhook.verifyMessage", { page: scope.pageName, url: verifyUrl }),
    verify_url: verifyUrl,
    page: { name: scope.pageName, url: baseUrl(env) },
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
    ? CHAT_FORMATS[s.channel]({
        ...chatMessageFor(scope, incident, update, translator(s.language)),
        manageUrl: manageUrl(scope.deps.env, scope.secret, s.id),
        unsubscribeUrl: unsubscribeUrl(scope.deps.env, scope.secret, s.id),
      })
    : statuspageIncidentPayload(scope, s.id, incident, update);
  return { subject: `${incident.title}: ${update.status}`, html: "", text: "", headers: {}, json };
}

/** A component's status change without an incident: Statuspage's component-update webhook body, or a chat message. */
export function renderComponentWebhookMessage(
  scope: RenderScope,
  s: typeof subscriber.$inferSelect,
  component: { id: string; name: string; from: string; to: string },
): unknown {
  const { env } = scope.deps;
  if (isChatChannel(s.channel)) {
    const t = translator(s.language);
    const words = (status: string) => t(`status.${status}` as never) ?? status.replace(/_/g, " ");
    const to = words(component.to);
    return CHAT_FORMATS[s.channel]({
      pageName: scope.pageName,
      pageUrl: baseUrl(env),
      logoUrl: absoluteLogoUrl(env, scope.logoUrl),
      brandColor: scope.brandColor,
      title: `${component.name}: ${to}`,
      statusLabel: to,
      statusColor: componentStatusColor(component.to),
      body: t("email.componentBefore", { status: words(component.from) }),
      components: [{ name: component.name, status: to }],
      url: baseUrl(env),
      linkLabel: t("embed.open"),
      manageLabel: t("email.manage"),
      unsubscribeLabel: t("email.unsubscribe"),
      labels: chatLabels(t),
      manageUrl: manageUrl(env, scope.secret, s.id),
      unsubscribeUrl: unsubscribeUrl(env, scope.secret, s.id),
    });
  }
  return {
    meta: {
      unsubscribe: unsubscribeUrl(env, scope.secret, s.id),
      documentation: "https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/",
    },
    page: { id: "clarion", status_indicator: component.to === "operational" ? "none" : "minor", status_description: scope.pageName },
    component_update: {
      created_at: scope.deps.clock.now().toISOString(),
      new_status: component.to,
      old_status: component.from,
      id: `${component.id}-${component.to}`,
      component_id: component.id,
    },
    component: { id: component.id, name: component.name, status: component.to },
  };
}
