/** The display name in MAIL_FROM's default ("Clarion <status@localhost>"): it gives way to the page's name. */
export const DEFAULT_SENDER_NAME = "Clarion";

/**
 * The From of a subscriber's email: the page's name in front of MAIL_FROM's address
 * ("Acme Cloud Status" <status@acme.com>), unless the operator named the sender in MAIL_FROM themselves.
 */
export function senderFor(mailFrom: string, pageName: string): string {
  const match = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(mailFrom);
  const name = (match?.[1] ?? "").replace(/^"(.*)"$/, "$1").trim();
  const address = (match?.[2] ?? mailFrom).trim();
  if (name && name !== DEFAULT_SENDER_NAME) return mailFrom;
  const display = pageName.replace(/["\\\r\n<>]/g, "").trim();
  return display ? `"${display}" <${address}>` : mailFrom;
}
