import { describe, expect, it } from "vitest";
import {
  escalationAckMac,
  feedbackSignature,
  manageSignature,
  signedQuery,
  unsubscribeToken,
  verifyFeedbackSignature,
  webhookSigningSecret,
} from "../../src/auth/link-signatures.ts";
import { sign, verify } from "../../src/auth/signing.ts";

const SECRET = "test-secret";

describe("sign / verify with the server secret", () => {
  it("keeps the bytes of links already sent (values computed by the three former implementations)", () => {
    expect(unsubscribeToken(SECRET, "sub_1")).toBe("27b4lfy5jftyfoserbymogcwxuljygdkv65tvjjygwriaw5vbewq");
    expect(manageSignature(SECRET, "sub_1")).toBe("tszwcr3natfskayyfcyejrs7or56waoc");
    expect(webhookSigningSecret(SECRET, "sub_1")).toBe("ikyzwmozt3h6vbfyequdyig7ymuw6kycfiqjbf2j7xp4khxepsnq");
    expect(feedbackSignature(SECRET, "update", "upd_1", "sub_1")).toBe("ovucz2rwxp4spwoigcptfpjfpiydz6v4");
    expect(feedbackSignature(SECRET, "vote", "upd_1", "sub_1")).toBe("yyuqjcdldl3c5vsdxi5n7uerzxey3tkx");
    expect(signedQuery(SECRET, "incident", "inc_1", "sub_1")).toBe("?s=sub_1&sig=f3x6jleqb5wfpwpjhoxk3zpbhjrekaan");
    expect(escalationAckMac(SECRET, "esc_1")).toBe("leh6egfd2wbrjg2cspncadq4pflgntc62witun4fpvqkpvijxtta");
  });

  it("accepts a signature for its own purpose and rejects it for another purpose", () => {
    const sig = sign(SECRET, "manage", ["sub_1"], 32);
    expect(verify(SECRET, "manage", ["sub_1"], sig, 32)).toBe(true);
    expect(verify(SECRET, "unsubscribe", ["sub_1"], sig, 32)).toBe(false);
    const vote = feedbackSignature(SECRET, "update", "upd_1", "sub_1");
    expect(verifyFeedbackSignature(SECRET, "update", "upd_1", "sub_1", vote)).toBe(true);
    expect(verifyFeedbackSignature(SECRET, "vote", "upd_1", "sub_1", vote)).toBe(false);
  });

  it("rejects another subject, another secret, a truncated or altered signature", () => {
    const sig = sign(SECRET, "webhook", ["sub_1"]);
    expect(verify(SECRET, "webhook", ["sub_2"], sig)).toBe(false);
    expect(verify("other-secret", "webhook", ["sub_1"], sig)).toBe(false);
    expect(verify(SECRET, "webhook", ["sub_1"], sig.slice(0, -1))).toBe(false);
    expect(verify(SECRET, "webhook", ["sub_1"], `${sig.slice(0, -1)}${sig.endsWith("a") ? "b" : "a"}`)).toBe(false);
  });
});
