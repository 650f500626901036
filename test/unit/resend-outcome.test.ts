import { describe, expect, it } from "vitest";
import { resendEventOutcome } from "../../src/services/provider-events/resend-outcome.ts";

describe("what a Resend event means for the delivery and the address", () => {
  it("email.failed suppresses only when the reason names the recipient", () => {
    const failed = (reason: string) => resendEventOutcome({ type: "email.failed", data: { failed: { reason } } });
    for (const reason of ["invalid_recipient", "recipient_suppressed", "invalid_to_address", "Invalid email address"])
      expect(failed(reason)).toMatchObject({
        state: "failed",
        accountProblem: false,
        suppress: expect.stringContaining("Resend could not send to it"),
      });
    for (const reason of ["reached_daily_quota", "invalid_api_key", "domain_not_verified", "internal_error"])
      expect(failed(reason)).toMatchObject({ state: "failed", suppress: null, accountProblem: true });
    expect(resendEventOutcome({ type: "email.failed", data: {} })).toMatchObject({
      state: "failed",
      detail: "Not sent: Resend reported a failure",
      suppress: null,
    });
  });

  it("email.suppressed always suppresses; bounces only when permanent; other events change nothing", () => {
    expect(resendEventOutcome({ type: "email.suppressed", data: {} })).toMatchObject({
      state: "failed",
      detail: "Not sent: the address is on Resend's suppression list",
      suppress: "on Resend's suppression list",
    });
    expect(resendEventOutcome({ type: "email.bounced", data: { bounce: { type: "Transient" } } })).toBeNull();
    expect(resendEventOutcome({ type: "email.bounced", data: { bounce: { type: "Permanent", message: "no such user" } } })).toMatchObject({
      state: "bounced",
      detail: "Bounced: no such user",
      suppress: "hard bounce",
    });
    for (const type of ["email.opened", "email.clicked", "email.sent", "email.delivery_delayed", "contact.created", undefined])
      expect(resendEventOutcome({ type })).toBeNull();
  });
});
