import { describe, expect, it } from "vitest";
import { previewIncidentUpdateEmail } from "../../emails/incident-update.ts";
import { renderConfirmationEmail, renderIncidentUpdateEmail } from "../../emails/index.ts";
import { batchKey } from "../../src/notify/freeze.ts";
import { backoffMs, RateBucket } from "../../src/notify/rate-bucket.ts";
import { decideOrder } from "../../src/notify/reserve.ts";
import { isPrivateAddress, signWebhook } from "../../src/notify/webhook-send.ts";
import { signSvix, verifySvix } from "../../src/services/provider-events/svix.ts";
import { csvCell, parseCsv } from "../../src/services/subscribers/csv.ts";

const row = (id: string, seq: number, state = "pending", subscriberId = "s", incidentId: string | null = "i") => ({
  id,
  subscriberId,
  incidentId,
  seq,
  state,
});

describe("per-incident ordering", () => {
  it("claims only the newest pending update and skips the older ones", () => {
    const all = [row("a", 1), row("b", 2), row("c", 3)];
    expect(decideOrder(all, all)).toEqual({ claim: ["c"], skip: ["a", "b"], hold: [] });
  });
  it("holds an update while an older one is still in flight", () => {
    expect(decideOrder([row("b", 2)], [row("a", 1, "sending"), row("b", 2)])).toEqual({ claim: [], skip: [], hold: ["b"] });
  });
  it("skips an update older than one already sent", () => {
    expect(decideOrder([row("a", 1)], [row("a", 1), row("b", 2, "sent")])).toEqual({ claim: [], skip: ["a"], hold: [] });
  });
  it("keeps subscribers and incidents apart", () => {
    const all = [row("a", 1, "pending", "s1"), row("b", 2, "pending", "s2"), row("c", 3, "pending", "s1", "j")];
    expect(decideOrder(all, all).claim.sort()).toEqual(["a", "b", "c"]);
  });
});

describe("batch keys and backoff", () => {
  it("the key depends on membership only, not its order", () => {
    expect(batchKey("b1", ["x", "y"])).toBe(batchKey("b1", ["y", "x"]));
    expect(batchKey("b1", ["x", "y"])).not.toBe(batchKey("b1", ["x"]));
    expect(batchKey("b1", ["x"])).not.toBe(batchKey("b2", ["x"]));
  });
  it("full jitter stays within [0, min(cap, base·2^(n-1)))", () => {
    expect(backoffMs(1, 1000, 60_000, () => 0.999)).toBe(999);
    expect(backoffMs(4, 1000, 60_000, () => 0.5)).toBe(4000);
    expect(backoffMs(30, 1000, 60_000, () => 0.999)).toBe(59_940);
    expect(backoffMs(3, 1000, 60_000, () => 0)).toBe(0);
  });
  it("the bucket learns the provider's limit (with a margin), spaces requests, and pauses on 429", async () => {
    const bucket = new RateBucket(2);
    expect(bucket.rate).toBe(2);
    bucket.observe({ limit: 10 });
    expect(bucket.rate).toBeCloseTo(9.8);
    bucket.observe({ limit: 50 });
    await bucket.take();
    let started = performance.now();
    await bucket.take();
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    bucket.pause(150);
    started = performance.now();
    await bucket.take();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe("Svix signatures", () => {
  const secret = `whsec_${Buffer.from("k".repeat(24)).toString("base64")}`;
  const body = '{"type":"email.bounced"}';
  it("accepts a correct signature among several, within 5 minutes", () => {
    const sig = signSvix(secret, "msg_1", 1000, body);
    expect(verifySvix(secret, body, { id: "msg_1", timestamp: "1000", signature: `v1,AAAA ${sig}` }, 1200)).toEqual({ ok: true });
  });
  it("refuses a changed body, another id, a stale or future timestamp, and a missing header", () => {
    const sig = signSvix(secret, "msg_1", 1000, body);
    expect(verifySvix(secret, `${body} `, { id: "msg_1", timestamp: "1000", signature: sig }, 1000).ok).toBe(false);
    expect(verifySvix(secret, body, { id: "msg_2", timestamp: "1000", signature: sig }, 1000).ok).toBe(false);
    expect(verifySvix(secret, body, { id: "msg_1", timestamp: "1000", signature: sig }, 1301).ok).toBe(false);
    expect(verifySvix(secret, body, { id: "msg_1", timestamp: "1000", signature: sig }, 699).ok).toBe(false);
    expect(verifySvix(secret, body, { id: "msg_1", timestamp: "1000" }, 1000).ok).toBe(false);
  });
});

describe("SSRF guard and webhook signing", () => {
  it("refuses private, loopback, link-local, CGNAT and mapped addresses", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["8.8.8.8", "172.32.0.1", "1.1.1.1", "2606:4700::1111"]) expect(isPrivateAddress(a), a).toBe(false);
  });
  it("signs timestamp + body with HMAC-SHA256", () => {
    expect(signWebhook("s", "{}", 1)).toMatch(/^t=1,v1=[0-9a-f]{64}$/);
    expect(signWebhook("s", "{}", 1)).not.toBe(signWebhook("s", "{ }", 1));
  });
});

describe("CSV", () => {
  it("parses quotes, doubled quotes, CRLF and blank lines", () => {
    expect(parseCsv('email,name\r\n"a@x.com","Ann ""A"", Jr"\n\nb@x.com,Bo\n')).toEqual([
      ["email", "name"],
      ["a@x.com", 'Ann "A", Jr'],
      ["b@x.com", "Bo"],
    ]);
  });
  it("quotes cells and defuses spreadsheet formulas on export", () => {
    expect(csvCell("=HYPERLINK()")).toBe("'=HYPERLINK()");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(null)).toBe("");
  });
});

describe("email templates", () => {
  it("every notification has both parts, manage, unsubscribe and feedback links, dark mode and a phone-width layout", () => {
    const email = renderIncidentUpdateEmail(previewIncidentUpdateEmail);
    for (const part of [email.html, email.text]) {
      expect(part).toContain(previewIncidentUpdateEmail.links.unsubscribeUrl);
      expect(part).toContain(previewIncidentUpdateEmail.links.manageUrl);
      expect(part).toContain(previewIncidentUpdateEmail.links.feedbackUrl);
      expect(part).toContain("We are looking into errors.");
    }
    expect(email.html).toContain("prefers-color-scheme: dark");
    expect(email.html).toContain('name="viewport"');
    expect(email.html).toContain('lang="en"');
    expect(email.html).toContain("<strong>load balancer</strong>");
  });
  it("escapes what it is given", () => {
    const email = renderConfirmationEmail({
      pageName: "<script>x</script>",
      confirmUrl: "https://s/confirm/a",
      following: ['"API"'],
      expiresInDays: 7,
    });
    expect(email.html).not.toContain("<script>x");
    expect(email.html).toContain("&lt;script&gt;");
  });
});
