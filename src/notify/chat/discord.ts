import { type ChatMessage, clip, componentsInWords, subscriptionLinks } from "./message.ts";

/**
 * A Discord "Execute Webhook" body with one embed, as documented at
 * https://discord.com/developers/docs/resources/webhook#execute-webhook and
 * https://discord.com/developers/docs/resources/message#embed-object (title 256, description
 * 4096, 25 fields of 256/1024, footer 2048, 6000 characters in all; colour as an integer).
 * `allowed_mentions` is empty so an update that says "@everyone" pings nobody.
 */
export function discordMessage(m: ChatMessage) {
  const links = subscriptionLinks(m, (label, url) => `[${label}](${url})`);
  const components = componentsInWords({ components: m.components.slice(0, 10) }, "\n");
  return {
    username: clip(m.pageName, 80),
    ...(m.logoUrl ? { avatar_url: m.logoUrl } : {}),
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: clip(m.title, 256),
        url: m.url,
        color: Number.parseInt(m.statusColor.slice(1), 16),
        description: clip(m.body, 3000),
        author: { name: clip(m.pageName, 256), url: m.pageUrl, ...(m.logoUrl ? { icon_url: m.logoUrl } : {}) },
        fields: [
          { name: m.labels.status, value: m.statusLabel, inline: true },
          ...(components ? [{ name: clip(m.labels.affected, 256), value: clip(components, 1024), inline: true }] : []),
          ...(links ? [{ name: m.labels.subscription, value: links, inline: false }] : []),
        ],
        footer: { text: `${m.linkLabel}: ${m.url}`.slice(0, 2048) },
      },
    ],
  };
}
