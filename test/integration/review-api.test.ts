import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent, capturedEmail, feedback, notification, review, reviewAction } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { recordIncidentRating } from "../../src/services/feedback/rate.ts";
import { IncidentRating } from "../../src/services/feedback/schemas.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, counts, seedAudiences, seedSubscriber } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let communicator: TestMember;
let viewer: TestMember;
let incidentId: string;
const MIN = 60_000;
const call = (method: string, path: string, body?: unknown, who: TestMember = communicator) => callApi(api, who, method, path, body);
const iso = (ms: number) => new Date(deps.clock.now().getTime() + ms).toISOString();
const dispatch = () => createDispatcher(deps, { bucket: new RateBucket(1000) }).tick();

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  await seedAudiences(deps, { acme: "acme.com" });
  communicator = await createMember(deps, "communicator");
  viewer = await createMember(deps, "viewer");
  await seedSubscriber(deps, "one@example.com");
  await seedSubscriber(deps, "two@example.com", { language: "de" });
  await seedSubscriber(deps, "gone@example.com", { unsubscribed: true });
  // minute 0: opened with a promise for minute 15
  const res = await call("POST", "/incidents", {
    title: "Payments slow",
    visibility: "public",
    body: "Investigating.",
    nextUpdateBy: iso(15 * MIN),
  });
  incidentId = (await res.json()).id;
  await dispatch();
  deps.clock.advance(10 * MIN); // minute 10: kept; promises minute 30
  await call("POST", `/incidents/${incidentId}/updates`, {
    status: "identified",
    body: "Found it.",
    variants: [{ audience: "acme", body: "Acme: found it." }],
    nextUpdateBy: iso(20 * MIN),
  });
  deps.clock.advance(35 * MIN); // minute 45: 15 min late
  await call("POST", `/incidents/${incidentId}/closure`, { summary: "Fixed the pool size." });
  await dispatch();
});
afterAll(() => deps.testDb.destroy());

describe("review metrics over the API", () => {
  it("computes the timeline and metrics from what Clarion recorded", async () => {
    const res = await call("GET", `/reviews/${incidentId}`, undefined, viewer);
    expect(res.status).toBe(200);
    const r = await res.json();
    expect(r.metrics).toMatchObject({
      backfilled: false,
      timeToFirstPublicUpdateMs: 0,
      timeToResolveMs: 45 * MIN,
      acknowledgeSource: "first_team_action",
      reopened: 0,
      promises: { made: 2, kept: 1, pending: 0, maxLateMs: 15 * MIN },
      subscribersReached: 2,
      audiencesReached: ["acme", "public"],
      deliveries: { successRate: 1, bounceRate: 0 },
    });
    expect(r.timeline.map((e: { kind: string }) => e.kind)).toEqual(["first_public_update", "update", "update", "resolution"]);
  });

  it("saves the team's sections and follow-up actions, audited; viewers cannot write", async () => {
    const sections = {
      whatWorked: "Paging was fast.",
      whatDidnt: "Second update was late.",
      lessons: "Set a timer.",
      documentationChanges: "Runbook: pool sizing.",
    };
    expect((await call("PUT", `/reviews/${incidentId}`, sections, viewer)).status).toBe(403);
    const saved = await (await call("PUT", `/reviews/${incidentId}`, sections)).json();
    expect(saved.sections).toMatchObject(sections);
    const added = await call("POST", `/reviews/${incidentId}/actions`, {
      text: "Alert on pool saturation",
      owner: "SRE",
      dueAt: iso(7 * 24 * 60 * MIN),
    });
    expect(added.status).toBe(201);
    const { id } = await added.json();
    expect((await call("POST", `/reviews/${incidentId}/actions/${id}`, { done: true })).status).toBe(200);
    const after = await (await call("GET", `/reviews/${incidentId}`)).json();
    expect(after.actions).toEqual([expect.objectContaining({ text: "Alert on pool saturation", owner: "SRE", overdue: false })]);
    expect(after.actions[0].doneAt).not.toBeNull();
    const audits = await deps.db.select().from(auditEvent).where(eq(auditEvent.resourceType, "review"));
    expect(audits.map((a) => a.action)).toEqual(["review.create", "review.action_add", "review.action_done"]);
  });

  it("rejects bad input naming the field and changes nothing", async () => {
    const before = await counts(deps, { review, reviewAction, auditEvent });
    const bad = await call("POST", `/reviews/${incidentId}/actions`, { text: "", owner: "SRE", dueAt: "tomorrow" });
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["text", "dueAt"]));
    expect((await call("PUT", `/reviews/${incidentId}`, { lessons: 5 })).status).toBe(400);
    expect((await call("GET", `/reviews/zzzzzzzzzzzz`)).status).toBe(404);
    expect((await call("POST", `/reviews/${incidentId}/actions/zzzzzzzzzzzz`, { done: true })).status).toBe(404);
    expect(await counts(deps, { review, reviewAction, auditEvent })).toEqual(before);
  });
});

describe("feedback request after closure", () => {
  it("emails each reached, still-subscribed recipient once, with a signed rating link", async () => {
    const before = await deps.db.select().from(notification).where(eq(notification.kind, "feedback.request"));
    expect(before).toHaveLength(0);
    const res = await call("POST", `/reviews/${incidentId}/feedback-request`);
    expect(res.status).toBe(202);
    expect((await res.json()).recipients).toBe(2);
    expect((await call("POST", `/reviews/${incidentId}/feedback-request`)).status).toBe(409);
    await dispatch();
    const all = await deps.db.select().from(capturedEmail);
    const mails = all.filter((m) => m.subject.includes("How did we do?"));
    expect(mails.map((m) => m.to)).toEqual(["one@example.com"]);
    // A German subscriber is asked in German, and the link opens the rating page in German.
    const german = all.find((m) => m.to === "two@example.com" && m.text.includes("/feedback/rate/"));
    expect(german?.subject).toMatch(/\] Wie zufrieden waren Sie\? /);
    expect(german?.text).toContain("Bewerten Sie uns von 1 bis 5");
    expect(german?.text).toMatch(/\/feedback\/rate\/[0-9a-z]{12}\?s=[0-9a-z]{12}&sig=[a-z2-7]{32}&lang=de/);
    const link = mails[0]?.text.match(/http:\/\/status\.test\/feedback\/rate\/([0-9a-z]{12})\?s=([0-9a-z]{12})&sig=([a-z2-7]{32})/);
    expect(link?.[1]).toBe(incidentId);
    const signed = { subscriberId: link?.[2] as string, signature: link?.[3] as string };
    await recordIncidentRating(deps, incidentId, IncidentRating.parse({ rating: "2", comment: "Too slow", signed }));
    await recordIncidentRating(deps, incidentId, IncidentRating.parse({ rating: "4", signed }));
    const rows = await deps.db.select().from(feedback).where(eq(feedback.incidentId, incidentId));
    expect(rows).toEqual([expect.objectContaining({ rating: 4, updateId: null })]);
    await expect(
      recordIncidentRating(deps, incidentId, IncidentRating.parse({ rating: 5, signed: { ...signed, subscriberId: "aaaaaaaaaaaa" } })),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(IncidentRating.safeParse({ rating: 6, signed }).error?.issues[0]?.path).toEqual(["rating"]);
    const r = await (await call("GET", `/reviews/${incidentId}`)).json();
    expect(r.metrics.feedback).toMatchObject({ ratings: 1, averageRating: 4 });
  });

  it("refuses while the incident is open", async () => {
    const open = (await (await call("POST", "/incidents", { title: "Open", visibility: "public", body: "x" })).json()).id;
    const res = await call("POST", `/reviews/${open}/feedback-request`);
    expect(res.status).toBe(422);
  });
});
