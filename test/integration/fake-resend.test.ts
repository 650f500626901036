import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeResend } from "../helpers/fake-resend.ts";

let fake: FakeResend;
beforeAll(async () => {
  fake = await new FakeResend({ processingMs: 150 }).start();
});
afterAll(() => fake.stop());

function post(key: string, emails: { to: string; subject: string }[]): Promise<{ status: number; body: Record<string, unknown> }> {
  return fetch(`${fake.url}/emails/batch`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify(emails.map((e) => ({ from: "s@status.test", to: [e.to], subject: e.subject, text: "x" }))),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
}

describe("the fake Resend answers Idempotency-Key the way Resend does", () => {
  it("same key and same payload: the first answer again, the mail accepted once", async () => {
    const emails = [{ to: "a@example.com", subject: "Hi" }];
    const first = await post("same-payload", emails);
    const again = await post("same-payload", emails);
    expect(first.status).toBe(200);
    expect(again).toEqual(first);
    expect(fake.acceptedTo("a@example.com")).toHaveLength(1);
  });

  it("same key with another payload: 409 invalid_idempotent_request, nothing accepted", async () => {
    await post("other-payload", [{ to: "b@example.com", subject: "Hi" }]);
    const changed = await post("other-payload", [{ to: "c@example.com", subject: "Hi" }]);
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ statusCode: 409, name: "invalid_idempotent_request" });
    expect(fake.acceptedTo("c@example.com")).toHaveLength(0);
  });

  it("same key while the first request is in flight: 409 concurrent_idempotent_requests", async () => {
    const emails = [{ to: "d@example.com", subject: "Hi" }];
    const [first, second] = await Promise.all([post("in-flight", emails), post("in-flight", emails)]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ name: "concurrent_idempotent_requests" });
    expect(fake.acceptedTo("d@example.com")).toHaveLength(1);
  });

  it("a refused request does not hold its key: sent again as it was, it is accepted", async () => {
    const emails = [{ to: "e@example.com", subject: "Hi" }];
    fake.failNext(1, 503);
    expect((await post("after-outage", emails)).status).toBe(503);
    expect((await post("after-outage", emails)).status).toBe(200);
    expect(fake.acceptedTo("e@example.com")).toHaveLength(1);
  });
});
