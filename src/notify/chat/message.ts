import type { ChatChannel } from "../../../db/schema/index.ts";
import { type Translator, translator } from "../../i18n/index.ts";
import { markdownToText } from "../../lib/markdown.ts";
import { statusColor } from "../../lib/status-color.ts";
import { absoluteLogoUrl, baseUrl } from "../../lib/urls.ts";
import type { ProjectedIncident, ProjectedUpdate } from "../../projection/index.ts";
import { absoluteLinks, incidentUrl } from "../links.ts";
import type { RenderScope } from "../recipient.ts";

/** What every chat format says, in words, before it is shaped for one service. */
export interface ChatMessage {
  /** Branding: the page's name, its public address, logo (absolute) and colour (#rrggbb). */
  pageName: string;
  pageUrl: string;
  logoUrl: string | null;
  brandColor: string;
  title: string;
  /** The status in words ("Identified") and the colour of its pill (#rrggbb). */
  statusLabel: string;
  statusColor: string;
  /** The update as plain text, its links absolute. */
  body: string;
  /** Each affected component and its status in words ("Partial outage"). */
  components: { name: string; status: string }[];
  url: string;
  linkLabel: string;
  /** This channel's own manage and unsubscribe pages (absent from a preview), and their words in the channel's language. */
  manageUrl?: string;
  unsubscribeUrl?: string;
  manageLabel: string;
  unsubscribeLabel: string;
  /** The headings some formats put before the status, the components and the links, in the channel's language. */
  labels: { status: string; affected: string; subscription: string };
}

export function chatLabels(t: Translator): ChatMessage["labels"] {
  return { status: t("chat.status"), affected: t("sections.affected"), subscription: t("chat.subscription") };
}

export const CHAT_SERVICE_NAMES: Record<ChatChannel, string> = {
  slack: "Slack",
  teams: "Microsoft Teams",
  discord: "Discord",
  google_chat: "Google Chat",
};

export { statusColor };

function absoluteLogo(scope: Pick<RenderScope, "deps" | "logoUrl">): string | null {
  return absoluteLogoUrl(scope.deps.env, scope.logoUrl);
}

/** The neutral message for one update of an incident or maintenance, as this reader sees it. */
export function chatMessageFor(
  scope: RenderScope,
  incident: ProjectedIncident,
  update: ProjectedUpdate,
  t: Translator = translator(),
): ChatMessage {
  const { env } = scope.deps;
  const label = (key: string, raw: string) => t(key as never) ?? raw.replace(/_/g, " ");
  return {
    pageName: scope.pageName,
    pageUrl: baseUrl(env),
    logoUrl: absoluteLogo(scope),
    brandColor: scope.brandColor,
    title: incident.title,
    statusLabel: label(`incident.${update.status}`, update.status),
    statusColor: statusColor(incident, update.status),
    body: markdownToText(absoluteLinks(env, update.body)),
    components: incident.components.map((c) => ({ name: c.name, status: label(`status.${c.status}`, c.status) })),
    url: incidentUrl(env, incident.id, incident.kind),
    linkLabel: t("email.timeline"),
    manageLabel: t("email.manage"),
    unsubscribeLabel: t("email.unsubscribe"),
    labels: chatLabels(t),
  };
}

/** The message sent when a chat channel is added, so whoever added it sees it arrive. */
export function chatTestMessage(
  scope: Pick<RenderScope, "deps" | "pageName" | "brandColor" | "logoUrl">,
  channel: ChatChannel,
  t: Translator = translator(),
): ChatMessage {
  const pageUrl = baseUrl(scope.deps.env);
  return {
    pageName: scope.pageName,
    pageUrl,
    logoUrl: absoluteLogo(scope),
    brandColor: scope.brandColor,
    title: t("chat.connected", { page: scope.pageName }),
    statusLabel: t("chat.testLabel"),
    statusColor: scope.brandColor,
    body: t("chat.testBody", { service: CHAT_SERVICE_NAMES[channel], page: scope.pageName }),
    components: [],
    url: pageUrl,
    linkLabel: t("embed.open"),
    manageLabel: t("email.manage"),
    unsubscribeLabel: t("email.unsubscribe"),
    labels: chatLabels(t),
  };
}

/** "API: Partial outage, Workers: Degraded performance". */
export function componentsInWords(m: Pick<ChatMessage, "components">, separator = ", "): string {
  return m.components.map((c) => `${c.name}: ${c.status}`).join(separator);
}

/** The footer's links in one service's link syntax: "Manage your subscription · Unsubscribe", in the channel's language. */
export function subscriptionLinks(m: ChatMessage, link: (label: string, url: string) => string): string | null {
  if (!m.manageUrl || !m.unsubscribeUrl) return null;
  return `${link(m.manageLabel, m.manageUrl)} · ${link(m.unsubscribeLabel, m.unsubscribeUrl)}`;
}

/** Cuts text to a service's limit, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
