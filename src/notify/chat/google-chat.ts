import { escapeHtml } from "../../lib/html.ts";
import { type ChatMessage, clip, componentsInWords, subscriptionLinks } from "./message.ts";

/**
 * A Google Chat incoming-webhook message with one card (cards v2): `text` is the notification
 * fallback. Shape from https://developers.google.com/workspace/chat/api/reference/rest/v1/cards
 * and https://developers.google.com/workspace/chat/quickstart/webhooks; card text takes a small
 * HTML subset, so the update's own text is escaped.
 */
export function googleChatMessage(m: ChatMessage, cardId = "clarion-update") {
  const links = subscriptionLinks(m, (label, url) => `<a href="${escapeHtml(url)}">${label}</a>`);
  return {
    text: `${m.pageName}: ${m.title} (${m.statusLabel})`,
    cardsV2: [
      {
        cardId,
        card: {
          header: {
            title: clip(m.title, 200),
            subtitle: m.pageName,
            ...(m.logoUrl ? { imageUrl: m.logoUrl, imageType: "SQUARE", imageAltText: m.pageName } : {}),
          },
          sections: [
            {
              widgets: [
                { textParagraph: { text: `<font color="${m.statusColor}"><b>${escapeHtml(m.statusLabel)}</b></font>` } },
                { textParagraph: { text: escapeHtml(clip(m.body, 4000)) } },
                ...(m.components.length
                  ? [{ textParagraph: { text: `<b>${escapeHtml(m.labels.affected)}:</b> ${escapeHtml(componentsInWords(m))}` } }]
                  : []),
                ...(links ? [{ textParagraph: { text: links } }] : []),
                { buttonList: { buttons: [{ text: m.linkLabel, onClick: { openLink: { url: m.url } } }] } },
              ],
            },
          ],
        },
      },
    ],
  };
}
