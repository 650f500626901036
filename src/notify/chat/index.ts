import type { ChatChannel } from "../../../db/schema/index.ts";
import { discordMessage } from "./discord.ts";
import { googleChatMessage } from "./google-chat.ts";
import type { ChatMessage } from "./message.ts";
import { slackMessage } from "./slack.ts";
import { teamsMessage } from "./teams.ts";

export { CHAT_SERVICE_NAMES, type ChatMessage, chatLabels, chatMessageFor, chatTestMessage } from "./message.ts";
export { chatUrlProblem } from "./urls.ts";

/** Each chat service's own message format for the same words. */
export const CHAT_FORMATS: Record<ChatChannel, (m: ChatMessage) => unknown> = {
  slack: slackMessage,
  teams: teamsMessage,
  discord: discordMessage,
  google_chat: googleChatMessage,
};

export function isChatChannel(channel: string): channel is ChatChannel {
  return channel in CHAT_FORMATS;
}
