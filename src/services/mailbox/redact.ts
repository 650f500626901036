import { type Actor, can } from "../../auth/permissions.ts";

const INVITE_LINK = /https?:\/\/[^\s"'<>]*\/admin\/invite\/[^\s"'<>]+/g;
const HIDDEN = "[link hidden: only an owner may read an owner invitation]";

/** Tag on an invitation email naming the role it grants, so the Mailbox knows whose eyes it is for. */
export const INVITATION_ROLE_TAG = "invitation_role";

/**
 * An owner invitation's link makes whoever opens it an owner, so only readers who could have
 * sent that invitation (owners) see it; everyone else reads the email with the link hidden.
 */
export function redactForReader<T extends { html: string; text: string }>(message: T, tags: Record<string, string>, reader: Actor): T {
  if (tags[INVITATION_ROLE_TAG] !== "owner" || can(reader, "team.manage_owners")) return message;
  return { ...message, html: message.html.replace(INVITE_LINK, HIDDEN), text: message.text.replace(INVITE_LINK, HIDDEN) };
}
