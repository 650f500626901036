import type { ComponentStatus, FrozenMessage } from "../../db/schema/index.ts";
import {
  renderClosureEmail,
  renderCommitmentFollowupEmail,
  renderComponentStatusEmail,
  renderIncidentUpdateEmail,
  renderMaintenanceNoticeEmail,
  renderPostmortemEmail,
} from "../../emails/index.ts";
import { signedQuery } from "../auth/link-signatures.ts";
import type { Env } from "../env.ts";
import { isLocale, languageNameIn, type Translator, translator } from "../i18n/index.ts";
import { senderFor } from "../lib/mail-from.ts";
import { baseUrl } from "../lib/urls.ts";
import { type ProjectedIncident, type ProjectedUpdate, type TextLanguage, worstStatus } from "../projection/index.ts";
import { calendarAttachment } from "./calendar-mail.ts";
import { absoluteLinks, feedbackUrl, incidentUrl, listHeaders, manageUrl, unsubscribeUrl } from "./links.ts";

export const MANAGE_PLACEHOLDER = "{{manage}}";
export const UNSUBSCRIBE_PLACEHOLDER = "{{unsubscribe}}";
export const FEEDBACK_PLACEHOLDER = "{{feedback}}";

import type { RenderScope } from "./recipient.ts";

export interface RenderTarget {
  kind: string;
  incident: ProjectedIncident;
  update: ProjectedUpdate;
  /** Updates superseded by this one that the reader never received, oldest first. */
  missed: ProjectedUpdate[];
  /** The subscriber's language (subject included); English when absent or unknown. */
  language?: string;
  /** A maintenance the public can see links to its .ics (a calendar app fetches it without anyone's cookie). */
  publicCalendar?: boolean;
}

/** Renders one notification email from what the projection gave a reader — nothing else is read. */
export function renderNotificationEmail(scope: RenderScope, t: RenderTarget): FrozenMessage {
  const { env } = scope.deps;
  // Placeholders, filled per recipient at send time: the rendered content is shared by everyone with the same words.
  const links = {
    manageUrl: MANAGE_PLACEHOLDER,
    unsubscribeUrl: UNSUBSCRIBE_PLACEHOLDER,
    feedbackUrl: feedbackUrl(env, t.update.id, FEEDBACK_PLACEHOLDER),
  };
  const abs = (markdown: string) => absoluteLinks(env, markdown);
  const during = worstDuring(t.incident);
  const shown = t.update.affectedComponents.length ? t.update.affectedComponents : t.incident.components;
  const tr = translator(t.language);
  const context = {
    pageName: scope.pageName,
    brand: scope.brand,
    kind: t.incident.kind,
    timeZone: scope.timeZone,
    incidentTitle: t.incident.title,
    incidentUrl: incidentUrl(env, t.incident.id, t.incident.kind),
    status: t.update.status,
    impact: t.incident.impact,
    body: abs(untranslatedNoted(tr, t.update.body, t.update)),
    postedAt: t.update.displayAt,
    components: shown.map((c) => ({ name: c.name, status: c.status, during: during.get(c.id) })),
    missed: t.missed.map((m) => ({ status: m.status, postedAt: m.displayAt, body: abs(m.body) })),
    links,
    t: tr,
  };
  const calendarUrl = t.publicCalendar ? `${baseUrl(env)}/maintenance.ics?maintenance=${t.incident.id}` : null;
  const rendered = pick(t, context, abs, calendarUrl);
  // An announced, moved or cancelled window comes with its .ics, as this reader sees it (sent on its own: calendar-mail.ts).
  const calendar = t.incident.kind === "maintenance" ? calendarAttachment(t.kind, scope.pageName, baseUrl(env), t.incident, tr) : null;
  return {
    ...rendered,
    ...(calendar ? { attachments: [calendar] } : {}),
    headers: listHeaders(env, links.unsubscribeUrl),
    feedbackFor: t.update.id,
    from: senderFor(env.MAIL_FROM, scope.pageName),
  };
}

function pick(
  t: RenderTarget,
  context: Parameters<typeof renderIncidentUpdateEmail>[0],
  abs: (markdown: string) => string,
  calendarUrl: string | null,
) {
  const { incident } = t;
  if (t.update.kind === "postmortem" || t.kind === "incident.postmortem") {
    const postmortem = incident.postmortem;
    const body = postmortem ? untranslatedNoted(translator(t.language), postmortem.body, postmortem) : t.update.body;
    return renderPostmortemEmail({ ...context, body: abs(body) });
  }
  if (t.update.kind === "closure" || t.kind === "incident.closed") {
    return renderClosureEmail({
      ...context,
      summary: abs(
        incident.closure ? untranslatedNoted(translator(t.language), incident.closure.summary, incident.closure) : t.update.body,
      ),
      apology: incident.closure?.apology ? abs(incident.closure.apology) : null,
      commitments: incident.commitments,
    });
  }
  if (t.update.kind === "commitment" || t.kind === "commitment.updated") {
    return renderCommitmentFollowupEmail({ ...context, commitments: incident.commitments });
  }
  if (incident.kind === "maintenance") {
    return renderMaintenanceNoticeEmail({
      ...context,
      scheduledFor: incident.scheduledFor,
      scheduledUntil: incident.scheduledUntil,
      calendarUrl,
    });
  }
  return renderIncidentUpdateEmail(context);
}

/** The worst status each component reached during the incident: its link's status and every update's changes (as the public page says it). */
function worstDuring(incident: ProjectedIncident): Map<string, ComponentStatus> {
  const seen = new Map<string, ComponentStatus[]>(incident.components.map((c) => [c.id, [c.status]]));
  for (const u of incident.updates) for (const c of u.affectedComponents) seen.set(c.id, [...(seen.get(c.id) ?? []), c.status]);
  return new Map([...seen].map(([id, statuses]) => [id, worstStatus(statuses)]));
}

/** Words the reader's language lacks carry the same small note as on the page, inside the text so the layout stays the template's. */
export function untranslatedNoted(t: Translator, markdown: string, words: TextLanguage): string {
  if (!words.untranslated || !words.language || !isLocale(words.language)) return markdown;
  return `${markdown}\n\n_${t("content.untranslated", { original: languageNameIn(t.locale, words.language) })}_`;
}

/** A component's status change without an incident, shared by every reader with the same viewer and language. */
export function renderComponentEmail(
  scope: RenderScope,
  change: { name: string; from: string; to: string; at: Date },
  language?: string,
): FrozenMessage {
  const { env } = scope.deps;
  const links = { manageUrl: MANAGE_PLACEHOLDER, unsubscribeUrl: UNSUBSCRIBE_PLACEHOLDER };
  const rendered = renderComponentStatusEmail({
    pageName: scope.pageName,
    brand: scope.brand,
    componentName: change.name,
    status: change.to,
    previousStatus: change.from,
    postedAt: change.at,
    timeZone: scope.timeZone,
    pageUrl: baseUrl(env),
    links,
    t: translator(language),
  });
  return { ...rendered, headers: listHeaders(env, links.unsubscribeUrl), from: senderFor(env.MAIL_FROM, scope.pageName) };
}

/**
 * The one recipient's copy: their manage, unsubscribe and signed feedback links in place of
 * the placeholders (HTML-escaped in the HTML part). Derived from the subscriber id and the
 * server secret, so every retry fills in exactly the same.
 */
export function personalize(content: FrozenMessage, secret: string, env: Env, subscriberId: string): FrozenMessage {
  const values: [string, string][] = [
    [MANAGE_PLACEHOLDER, manageUrl(env, secret, subscriberId)],
    [UNSUBSCRIBE_PLACEHOLDER, unsubscribeUrl(env, secret, subscriberId)],
    [FEEDBACK_PLACEHOLDER, content.feedbackFor ? signedQuery(secret, "update", content.feedbackFor, subscriberId) : ""],
  ];
  const fill = (v: string, html: boolean) =>
    values.reduce((out, [placeholder, value]) => out.replaceAll(placeholder, html ? value.replaceAll("&", "&amp;") : value), v);
  return {
    subject: content.subject,
    html: fill(content.html, true),
    text: fill(content.text, false),
    headers: Object.fromEntries(Object.entries(content.headers).map(([k, v]) => [k, fill(v, false)])),
    ...(content.from ? { from: content.from } : {}),
  };
}
