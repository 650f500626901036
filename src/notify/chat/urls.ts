import type { ChatChannel } from "../../../db/schema/index.ts";

/**
 * Where each service's incoming webhooks live: an https host of that service and its webhook
 * path. Teams' Workflows URLs are Logic Apps / Power Platform hosts; `*.webhook.office.com` is the
 * retiring Office 365 connector, still accepted while it works.
 */
const RULES: Record<ChatChannel, { hosts: RegExp; path: RegExp; example: string }> = {
  slack: { hosts: /^hooks\.slack\.com$/, path: /^\/(services|triggers)\//, example: "https://hooks.slack.com/services/…" },
  teams: {
    hosts: /^([a-z0-9-]+\.)+(logic\.azure\.com|api\.powerplatform\.com|webhook\.office\.com)$/,
    path: /^\/(workflows|powerautomate|webhookb2)\//i,
    example: "https://….logic.azure.com/workflows/…",
  },
  discord: {
    hosts: /^((ptb|canary)\.)?discord(app)?\.com$/,
    path: /^\/api\/(v\d+\/)?webhooks\/\d+\/[\w-]+$/,
    example: "https://discord.com/api/webhooks/…",
  },
  google_chat: {
    hosts: /^chat\.googleapis\.com$/,
    path: /^\/v1\/spaces\/[^/]+\/messages$/,
    example: "https://chat.googleapis.com/v1/spaces/…/messages?key=…",
  },
};

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/**
 * Why this URL is not an incoming webhook of that service (words for the person who pasted it),
 * or null. With `allowLoopback` (tests, WEBHOOK_ALLOW_PRIVATE) a fake on this machine stands in.
 */
export function chatUrlProblem(channel: ChatChannel, raw: string, allowLoopback = false): string | null {
  const rule = RULES[channel];
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `Paste the whole incoming-webhook address, like ${rule.example}`;
  }
  if (allowLoopback && LOOPBACK.test(url.hostname)) return null;
  if (url.protocol !== "https:" || !rule.hosts.test(url.hostname) || !rule.path.test(url.pathname)) {
    return `This is not an incoming-webhook address of this service: it looks like ${rule.example}`;
  }
  return null;
}
