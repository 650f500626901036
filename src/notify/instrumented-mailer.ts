import type { Metrics } from "../lib/metrics.ts";
import type { Mailer, SendOutcome } from "./mailer.ts";

/** Counts every provider request by outcome (ok, rate_limited, server_error, client_error, network) and the emails it carried. */
export function instrumentMailer(mailer: Mailer, metrics: Metrics): Mailer {
  const count = (outcome: SendOutcome, emails: number) => {
    const result = outcome.ok
      ? "ok"
      : outcome.status === 429
        ? "rate_limited"
        : outcome.status === null
          ? "network"
          : outcome.status >= 500
            ? "server_error"
            : "client_error";
    metrics.inc("clarion_provider_requests_total", "Email provider requests by outcome.", { provider: mailer.kind, result });
    metrics.inc("clarion_provider_emails_total", "Emails in provider requests by outcome.", { provider: mailer.kind, result }, emails);
    return outcome;
  };
  return {
    kind: mailer.kind,
    sendBatch: async (emails, key) => count(await mailer.sendBatch(emails, key), emails.length),
    send: async (email, key) => count(await mailer.send(email, key), 1),
  };
}
