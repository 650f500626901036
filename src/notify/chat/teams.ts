import { type ChatMessage, clip, subscriptionLinks } from "./message.ts";

/**
 * A Microsoft Teams message for a Workflows ("When a Teams webhook request is received") incoming
 * webhook: an activity with one Adaptive Card attachment, as in
 * https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook
 * and the card schema at https://adaptivecards.io/explorer/ (version 1.4, which Teams renders).
 */
export function teamsMessage(m: ChatMessage) {
  const links = subscriptionLinks(m, (label, url) => `[${label}](${url})`);
  const facts = m.components.map((c) => ({ title: c.name, value: c.status }));
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          msteams: { width: "Full" },
          body: [
            {
              type: "ColumnSet",
              columns: [
                ...(m.logoUrl
                  ? [{ type: "Column", width: "auto", items: [{ type: "Image", url: m.logoUrl, altText: m.pageName, size: "Small" }] }]
                  : []),
                {
                  type: "Column",
                  width: "stretch",
                  verticalContentAlignment: "Center",
                  items: [{ type: "TextBlock", text: m.pageName, weight: "Bolder", isSubtle: true, wrap: true }],
                },
              ],
            },
            { type: "TextBlock", text: clip(m.title, 300), size: "Large", weight: "Bolder", wrap: true },
            { type: "TextBlock", text: m.statusLabel, weight: "Bolder", color: teamsColor(m.statusColor), spacing: "Small" },
            { type: "TextBlock", text: clip(m.body, 4000), wrap: true },
            ...(facts.length ? [{ type: "FactSet", facts }] : []),
            ...(links ? [{ type: "TextBlock", text: links, size: "Small", isSubtle: true, wrap: true }] : []),
          ],
          actions: [{ type: "Action.OpenUrl", title: m.linkLabel, url: m.url }],
        },
      },
    ],
  };
}

/** Adaptive Cards take named colours only, so the pill's hue becomes the nearest of them. */
function teamsColor(hex: string): "Good" | "Warning" | "Attention" | "Accent" | "Default" {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  if (g > r && g > b) return "Good";
  if (b > r && b > g) return "Accent";
  if (r > 180 && g > 100) return "Warning";
  return r > g ? "Attention" : "Default";
}
