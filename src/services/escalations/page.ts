import type { DbOrTx } from "../../../db/client.ts";
import { renderEscalationEmail } from "../../../emails/escalation.ts";
import type { Deps } from "../../deps.ts";
import { baseUrl } from "../../lib/urls.ts";
import { enqueueEmail } from "../../notify/outbox.ts";
import { postWebhook } from "../../notify/webhook-send.ts";
import { pageName } from "../settings/page-name.ts";
import type { Pageable } from "./contacts.ts";

export interface PageSubject {
  title: string;
  level: number;
  what: string;
  ackToken: string;
  consolePath: string;
}

/** Queues one page per contact in the caller's transaction (sent after commit by the outbox). */
export async function queuePages(tx: DbOrTx, deps: Pick<Deps, "clock" | "env">, contacts: Pageable[], s: PageSubject): Promise<void> {
  if (!contacts.length) return;
  const rendered = renderEscalationEmail({
    pageName: await pageName(tx),
    title: s.title,
    level: s.level,
    what: s.what,
    ackUrl: `${baseUrl(deps.env)}/ack/${s.ackToken}`,
    consoleUrl: `${baseUrl(deps.env)}${s.consolePath}`,
  });
  for (const c of contacts) await enqueueEmail(tx, deps.clock, "escalation.page", { to: c.email, ...rendered });
}

/** Chat webhooks after commit (never inside a transaction); a failure is logged, the email still goes. */
export async function postPageWebhooks(deps: Pick<Deps, "env" | "logger">, contacts: Pageable[], s: PageSubject): Promise<void> {
  const urls = [...new Set(contacts.map((c) => c.webhookUrl).filter((u): u is string => Boolean(u)))];
  const ackUrl = `${baseUrl(deps.env)}/ack/${s.ackToken}`;
  const body = JSON.stringify({
    text: `[${s.what}, level ${s.level}] ${s.title} — acknowledge: ${ackUrl}`,
    title: s.title,
    level: s.level,
    ackUrl,
  });
  for (const url of urls) {
    const outcome = await postWebhook(url, body, {}, deps.env.WEBHOOK_ALLOW_PRIVATE);
    if (!outcome.ok) deps.logger.warn("escalation webhook failed", { url, message: outcome.message });
  }
}
