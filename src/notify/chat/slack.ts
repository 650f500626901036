import { type ChatMessage, clip, componentsInWords, subscriptionLinks } from "./message.ts";

/**
 * A Slack incoming-webhook message in Block Kit: `text` is the notification fallback, `blocks` the
 * message. Limits from https://api.slack.com/reference/block-kit/blocks (header 150 characters,
 * section text 3000, context 10 elements). Slack has no message colour outside attachments.
 */
export function slackMessage(m: ChatMessage) {
  const links = subscriptionLinks(m, (label, url) => `<${url}|${label}>`);
  const components = m.components.length ? `\n*${escapeMrkdwn(m.labels.affected)}:* ${escapeMrkdwn(componentsInWords(m))}` : "";
  return {
    text: `${m.pageName}: ${m.title} (${m.statusLabel})`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: clip(m.title, 150), emoji: false } },
      { type: "section", text: { type: "mrkdwn", text: clip(`*${m.statusLabel}*\n${escapeMrkdwn(m.body)}${components}`, 3000) } },
      {
        type: "actions",
        elements: [{ type: "button", text: { type: "plain_text", text: m.linkLabel }, url: m.url }],
      },
      {
        type: "context",
        elements: [
          ...(m.logoUrl ? [{ type: "image", image_url: m.logoUrl, alt_text: m.pageName }] : []),
          { type: "mrkdwn", text: `<${m.pageUrl}|${escapeMrkdwn(m.pageName)}>` },
          ...(links ? [{ type: "mrkdwn", text: links }] : []),
        ],
      },
    ],
  };
}

/** Slack's mrkdwn reads &, < and > as markup; https://api.slack.com/reference/surfaces/formatting#escaping */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
