import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturedEmail, delivery, feedback } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { feedbackSignature } from "../../src/auth/link-signatures.ts";
import { serverSecret } from "../../src/auth/server-secret.ts";
import { AppError } from "../../src/lib/errors.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { listIncidentFeedback } from "../../src/services/feedback/list.ts";
import { loadFeedbackPage } from "../../src/services/feedback/page.ts";
import { UpdateVote } from "../../src/services/feedback/schemas.ts";
import { ANONYMOUS_VOTE_LIMIT, recordUpdateVote } from "../../src/services/feedback/vote.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, rowCount, seedAudiences, seedSubscriber } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let communicator: TestMember;
let incidentId: string;
let updateId: string;
let alice: string;
const vote = (v: unknown) => UpdateVote.parse(v);

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  await seedAudiences(deps, { acme: "acme.com" });
  communicator = await createMember(deps, "communicator");
  alice = await seedSubscriber(deps, "alice@example.com");
  const res = await callApi(api, communicator, "POST", "/incidents", {
    title: "Checkout errors",
    visibility: "public",
    body: "Looking into it.",
  });
  incidentId = (await res.json()).id;
  await createDispatcher(deps, { bucket: new RateBucket(1000) }).tick();
  const page = await loadFeedbackPage(deps, (await listIncidentFeedback(deps, incidentId)).updates[0]?.updateId);
  updateId = page?.updateId ?? "";
});
afterAll(() => deps.testDb.destroy());

describe("feedback link in email", () => {
  it("carries a signature naming the recipient and the update", async () => {
    const [mail] = await deps.db.select().from(capturedEmail).where(eq(capturedEmail.to, "alice@example.com"));
    const secret = await serverSecret(deps.db, deps.clock);
    const expected = `http://status.test/feedback/${updateId}?s=${alice}&sig=${feedbackSignature(secret, "update", updateId, alice)}`;
    expect(mail?.text).toContain(expected);
    expect(mail?.html).toContain(expected.replace(/&/g, "&amp;"));
  });
});

describe("signed votes", () => {
  it("refuses a forged signature and writes nothing", async () => {
    const before = await rowCount(deps, feedback);
    const forged = vote({ helpful: "yes", signed: { subscriberId: alice, signature: "a".repeat(32) } });
    await expect(recordUpdateVote(deps, updateId, forged, "1.1.1.1")).rejects.toMatchObject({ code: "forbidden" });
    const otherUpdate = vote({
      helpful: "yes",
      signed: { subscriberId: alice, signature: feedbackSignature(await serverSecret(deps.db, deps.clock), "incident", updateId, alice) },
    });
    await expect(recordUpdateVote(deps, updateId, otherUpdate, "1.1.1.1")).rejects.toBeInstanceOf(AppError);
    expect(await rowCount(deps, feedback)).toBe(before);
  });

  it("counts one vote per recipient per update, linked to the delivery; voting again changes it", async () => {
    const sig = feedbackSignature(await serverSecret(deps.db, deps.clock), "update", updateId, alice);
    const signed = { subscriberId: alice, signature: sig };
    await recordUpdateVote(deps, updateId, vote({ helpful: "no", signed }), "1.1.1.1");
    await recordUpdateVote(deps, updateId, vote({ helpful: "yes", comment: "Clear and early, thanks", signed }), "1.1.1.1");
    const rows = await deps.db.select().from(feedback).where(eq(feedback.subscriberId, alice));
    expect(rows).toHaveLength(1);
    const [sent] = await deps.db.select().from(delivery).where(eq(delivery.subscriberId, alice));
    expect(rows[0]).toMatchObject({
      helpful: true,
      comment: "Clear and early, thanks",
      source: "email",
      deliveryId: sent?.id,
      updateId,
      incidentId,
    });
  });
});

describe("anonymous web votes", () => {
  it("records a vote, lets the same voter add a comment with the page's signature only, and rate-limits per address", async () => {
    const first = await recordUpdateVote(deps, updateId, vote({ helpful: "no" }), "9.9.9.9");
    const amended = vote({ helpful: "no", comment: "Say when it will be fixed", amend: { id: first.id, signature: first.amendSignature } });
    await recordUpdateVote(deps, updateId, amended, "9.9.9.9");
    const [row] = await deps.db.select().from(feedback).where(eq(feedback.id, first.id));
    expect(row).toMatchObject({ helpful: false, comment: "Say when it will be fixed", subscriberId: null, source: "web" });
    const forged = vote({ helpful: "yes", comment: "spam", amend: { id: first.id, signature: "b".repeat(32) } });
    await expect(recordUpdateVote(deps, updateId, forged, "9.9.9.9")).rejects.toMatchObject({ code: "forbidden" });
    for (let i = 1; i < ANONYMOUS_VOTE_LIMIT.limit; i++) await recordUpdateVote(deps, updateId, vote({ helpful: "yes" }), "9.9.9.9");
    const before = await rowCount(deps, feedback);
    await expect(recordUpdateVote(deps, updateId, vote({ helpful: "yes" }), "9.9.9.9")).rejects.toMatchObject({ code: "rate_limited" });
    expect(await rowCount(deps, feedback)).toBe(before);
    await recordUpdateVote(deps, updateId, vote({ helpful: "yes" }), "8.8.8.8");
  });

  it("rejects bad input naming the field, and unknown updates", async () => {
    expect(UpdateVote.safeParse({ helpful: "maybe" }).error?.issues[0]?.path).toEqual(["helpful"]);
    expect(UpdateVote.safeParse({ helpful: "yes", comment: "x".repeat(2001) }).error?.issues[0]?.path).toEqual(["comment"]);
    await expect(recordUpdateVote(deps, "zzzzzzzzzzzz", vote({ helpful: "yes" }), "7.7.7.7")).rejects.toMatchObject({ code: "not_found" });
  });

  it("the console summary counts per update and quotes comments", async () => {
    const summary = await listIncidentFeedback(deps, incidentId);
    const u = summary.updates.find((x) => x.updateId === updateId);
    expect(u?.comments.map((c) => c.text).sort()).toEqual(["Clear and early, thanks", "Say when it will be fixed"]);
    expect(u?.score.notHelpful).toBe(1);
    // alice, 19 more from 9.9.9.9 (its first vote was "no"), one from 8.8.8.8
    expect(u?.score.helpful).toBe(ANONYMOUS_VOTE_LIMIT.limit + 1);
    expect(summary.score.votes).toBe(ANONYMOUS_VOTE_LIMIT.limit + 2);
  });
});

describe("feedback page model", () => {
  it("names a public incident; a restricted one stays generic for its signed recipient and is absent for anyone else", async () => {
    expect((await loadFeedbackPage(deps, updateId))?.incidentTitle).toBe("Checkout errors");
    const res = await callApi(api, communicator, "POST", "/incidents", {
      title: "ACME-SECRET outage",
      visibility: ["acme"],
      body: "For Acme.",
    });
    const restricted = (await listIncidentFeedback(deps, (await res.json()).id)).updates[0]?.updateId;
    expect(await loadFeedbackPage(deps, restricted)).toBeNull();
    expect(await loadFeedbackPage(deps, restricted, { subscriberId: "zzzzzzzzzzzz", signature: "forged" })).toBeNull();
    const secret = await serverSecret(deps.db, deps.clock);
    const signature = feedbackSignature(secret, "update", restricted as string, "zzzzzzzzzzzz");
    const model = await loadFeedbackPage(deps, restricted, { subscriberId: "zzzzzzzzzzzz", signature });
    expect(model?.incidentTitle).toBeNull();
    expect(JSON.stringify(model)).not.toContain("ACME-SECRET");
    expect(await loadFeedbackPage(deps, "not-an-id")).toBeNull();
  });
});
