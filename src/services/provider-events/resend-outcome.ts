import type { DeliveryState } from "../../../db/schema/index.ts";

/** What one Resend event means for the delivery and the address. */
export interface ResendOutcome {
  /** The delivery's new state; null leaves it as it is. */
  state: DeliveryState | null;
  /** Shown in the subscriber's delivery history. */
  detail: string | null;
  /** The reason to suppress the address with, when Resend says it cannot receive mail. */
  suppress: string | null;
  /** The failure lies with the account (quota, key, domain), not the address: worth a warning. */
  accountProblem: boolean;
}

/**
 * A Resend email event as it arrives (untrusted JSON, so every field optional): the SDK's
 * `WebhookEventPayload` for email.* events, with tags in either of Resend's two forms.
 */
export interface ResendEvent {
  type?: string;
  data?: {
    email_id?: string;
    to?: string[] | string;
    tags?: Record<string, string> | { name: string; value: string }[];
    bounce?: { type?: string; message?: string };
    suppressed?: { type?: string; message?: string };
    failed?: { reason?: string };
  };
}

/**
 * `email.failed` reasons are free text ("reached_daily_quota", an invalid recipient, an API key or
 * domain problem); only one that names the recipient says the address itself is at fault.
 */
const RECIPIENT_FAULT = /recipient|suppress|invalid[ _-]?(to|email|address)|mailbox/i;

const words = (s: string): string => s.replace(/[_-]+/g, " ").trim();

/** The rules, one event at a time; null means the event changes nothing here (opened, clicked, sent, …). */
export function resendEventOutcome(event: ResendEvent): ResendOutcome | null {
  const data = event.data ?? {};
  switch (event.type) {
    case "email.delivered":
      return { state: "delivered", detail: null, suppress: null, accountProblem: false };
    case "email.bounced": {
      // A transient bounce (full mailbox, greylisting) recovers on its own: leave the delivery and the address alone.
      if ((data.bounce?.type ?? "Permanent").toLowerCase() !== "permanent") return null;
      const detail = data.bounce?.message ? `Bounced: ${data.bounce.message}` : "Bounced";
      return { state: "bounced", detail, suppress: "hard bounce", accountProblem: false };
    }
    case "email.complained":
      return { state: "complained", detail: "Marked as spam by the recipient", suppress: "complaint", accountProblem: false };
    case "email.suppressed": {
      const why = data.suppressed?.message ? ` (${data.suppressed.message})` : "";
      return {
        state: "failed",
        detail: `Not sent: the address is on Resend's suppression list${why}`,
        suppress: "on Resend's suppression list",
        accountProblem: false,
      };
    }
    case "email.failed": {
      const reason = data.failed?.reason ? words(data.failed.reason) : "";
      const recipientFault = RECIPIENT_FAULT.test(reason);
      return {
        state: "failed",
        detail: reason ? `Not sent: ${reason}` : "Not sent: Resend reported a failure",
        suppress: recipientFault ? `Resend could not send to it: ${reason}` : null,
        accountProblem: !recipientFault,
      };
    }
    default:
      return null;
  }
}
