import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { capturedEmail, closure, incidentUpdate, message, updateRevision } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { ANONYMOUS, audienceViewer, loadIncidents } from "../../src/projection/index.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, counts, seedAudiences, seedComponent, seedSubscriber } from "../helpers/incident-fixtures.ts";

/** Issue 13, finding 2: the closure follows every edit, retract and reopen on every surface. */
let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let communicator: TestMember;
let responder: TestMember;
let comp: string;
let incidentId: string;
const call = (method: string, path: string, body?: unknown, who?: TestMember) => callApi(api, who ?? communicator, method, path, body);
const acme = audienceViewer("ops@acme.com", ["acme"]);
const seen = async (viewer = ANONYMOUS) => (await loadIncidents(deps.db, viewer, { ids: [incidentId] }))[0];
const close = (summary = "Rolled back.") =>
  call("POST", `/incidents/${incidentId}/closure`, {
    summary,
    apology: "Sorry.",
    apologyVariants: [{ audience: "acme", body: "Acme sorry OLDWORDS" }],
  });
const stepOf = async (kind: "closure" | "apology") =>
  (await call("GET", `/incidents/${incidentId}`)).json().then((i) => i.updates.find((u: { kind: string }) => u.kind === kind).id as string);

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  await seedAudiences(deps, { acme: "acme.com" });
  communicator = await createMember(deps, "communicator");
  responder = await createMember(deps, "responder");
  comp = await seedComponent(deps, "API");
});
afterAll(() => deps.testDb.destroy());
beforeEach(async () => {
  const res = await call("POST", "/incidents", {
    title: "Outage",
    visibility: "public",
    body: "Down.",
    components: [{ id: comp, status: "major_outage" }],
  });
  incidentId = (await res.json()).id;
});

describe("closure edit", () => {
  it("new words reach every viewer; the old ones stay as revisions for the team only", async () => {
    expect((await close()).status).toBe(201);
    const res = await call("PUT", `/incidents/${incidentId}/closure`, {
      summary: "A bad deploy; rolled back.",
      apology: "We are sorry.",
      apologyVariants: [{ audience: "acme", body: "Acme, a service credit follows." }],
    });
    expect(res.status).toBe(200);
    expect((await seen())?.closure).toEqual({ summary: "A bad deploy; rolled back.", apology: "We are sorry." });
    expect((await seen(acme))?.closure?.apology).toBe("Acme, a service credit follows.");
    expect(JSON.stringify(await seen(acme))).not.toContain("OLDWORDS");
    const team = await (await call("GET", `/incidents/${incidentId}`)).json();
    expect(team.closure).toMatchObject({ summary: "A bad deploy; rolled back.", apologyVariants: [{ audience: "acme" }] });
    expect(JSON.stringify(team.updates)).toContain("OLDWORDS");
  });

  it("an apology can be added later, or edited away to nothing", async () => {
    await call("POST", `/incidents/${incidentId}/closure`, { summary: "Fixed." });
    await call("PUT", `/incidents/${incidentId}/closure`, {
      summary: "Fixed.",
      apologyVariants: [{ audience: "acme", body: "Acme only" }],
    });
    expect((await seen())?.closure).toEqual({ summary: "Fixed.", apology: null });
    expect((await seen(acme))?.closure?.apology).toBe("Acme only");
    await call("PUT", `/incidents/${incidentId}/closure`, { summary: "Fixed." });
    expect((await seen(acme))?.closure).toEqual({ summary: "Fixed.", apology: null });
  });

  it("bad input is a 400 naming the field and changes nothing; no closure is a 404; a responder gets 403", async () => {
    const none = await call("PUT", `/incidents/${incidentId}/closure`, { summary: "x" });
    expect(none.status).toBe(404);
    await close();
    const before = await counts(deps, { message, updateRevision, incidentUpdate });
    const bad = await call("PUT", `/incidents/${incidentId}/closure`, { summary: "x", apologyVariants: [{ audience: "nope", body: "x" }] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].path).toBe("apologyVariants.0.audience");
    expect((await call("PUT", `/incidents/${incidentId}/closure`, { summary: "" })).status).toBe(400);
    expect((await call("PUT", `/incidents/${incidentId}/closure`, { summary: "x" }, responder)).status).toBe(403);
    expect(await counts(deps, { message, updateRevision, incidentUpdate })).toEqual(before);
  });

  it("the generic update routes cannot change closure words without incident.close", async () => {
    await close();
    const apologyId = await stepOf("apology");
    const edit = await call("PUT", `/incidents/${incidentId}/updates/${apologyId}`, { body: "hijacked" }, responder);
    expect(edit.status).toBe(403);
    const retract = await call(
      "POST",
      `/incidents/${incidentId}/updates/${await stepOf("closure")}/retract`,
      { correction: "x" },
      responder,
    );
    expect(retract.status).toBe(403);
    expect((await seen())?.closure?.apology).toBe("Sorry.");
  });

  it("the closure email sent after an edit carries the current words", async () => {
    await seedSubscriber(deps, "ops@acme.com");
    await close();
    await call("PUT", `/incidents/${incidentId}/closure`, {
      summary: "Rolled back.",
      apology: "Sorry.",
      apologyVariants: [{ audience: "acme", body: "Acme NEWWORDS" }],
    });
    const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
    for (let i = 0; i < 20 && (await dispatcher.tick()) > 0; i++);
    await dispatcher.stop();
    const mail = (await deps.db.select().from(capturedEmail)).filter(
      (m) => m.to === "ops@acme.com" && m.text.includes(`/incidents/${incidentId}`),
    );
    expect(mail.length).toBeGreaterThan(0);
    expect(mail.map((m) => m.text).join()).toContain("NEWWORDS");
    expect(mail.map((m) => `${m.html}${m.text}`).join()).not.toContain("OLDWORDS");
  });
});

describe("closure retract", () => {
  it("retracting the apology keeps the summary; retracting the closure hides it and allows closing again", async () => {
    await close();
    const noCorrection = await call("POST", `/incidents/${incidentId}/closure/apology/retract`, {});
    expect(noCorrection.status).toBe(400);
    expect((await call("POST", `/incidents/${incidentId}/closure/apology/retract`, { correction: "We withdrew our note." })).status).toBe(
      200,
    );
    expect((await seen(acme))?.closure).toEqual({ summary: "Rolled back.", apology: null });
    expect((await call("POST", `/incidents/${incidentId}/closure/apology/retract`, { correction: "again" })).status).toBe(409);
    expect((await call("POST", `/incidents/${incidentId}/closure/retract`, { correction: "Closed too early." })).status).toBe(200);
    expect((await seen())?.closure).toBeNull();
    expect((await close("Second closure.")).status).toBe(201);
    expect((await seen(acme))?.closure).toEqual({ summary: "Second closure.", apology: "Acme sorry OLDWORDS" });
  });
});

describe("reopen", () => {
  it("POST /reopen hides the old closure and the incident can be closed again", async () => {
    await close("First fix.");
    expect((await call("POST", `/incidents/${incidentId}/closure`, { summary: "again" })).status).toBe(409);
    const reopened = await call("POST", `/incidents/${incidentId}/reopen`, { status: "investigating", body: "Errors are back." });
    expect(reopened.status).toBe(201);
    const open = await seen(acme);
    expect(open?.status).toBe("investigating");
    expect(open?.closure).toBeNull();
    expect(JSON.stringify(open)).not.toContain("OLDWORDS");
    expect((await call("POST", `/incidents/${incidentId}/closure`, { summary: "Second fix." })).status).toBe(201);
    expect((await seen(acme))?.closure).toEqual({ summary: "Second fix.", apology: null });
    expect(await deps.db.select().from(closure).where(eq(closure.incidentId, incidentId))).toHaveLength(1);
  });

  it("reopening by an update, then resolving by an update, does not bring the old closure back", async () => {
    await close("First fix.");
    await call("POST", `/incidents/${incidentId}/updates`, { status: "identified", body: "Back.", reopen: true });
    await call("POST", `/incidents/${incidentId}/updates`, { status: "resolved", body: "Fine again." });
    expect((await seen(acme))?.closure).toBeNull();
  });

  it("reopen is for resolved incidents, with a status other than resolved", async () => {
    expect((await call("POST", `/incidents/${incidentId}/reopen`, { status: "investigating", body: "x" })).status).toBe(409);
    await close();
    const bad = await call("POST", `/incidents/${incidentId}/reopen`, { status: "resolved", body: "x" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].path).toBe("status");
    expect((await call("POST", `/incidents/${incidentId}/reopen`, { status: "monitoring", body: "x" }, responder)).status).toBe(201);
  });
});
