import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problem, review, reviewAction, runbookVersion } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { handleProblemPost } from "../../src/components/admin/problems/actions.ts";
import { handleReviewPost } from "../../src/components/admin/reviews/actions.ts";
import { visibilityFromText } from "../../src/lib/forms.ts";
import { createProblem } from "../../src/services/problems/create.ts";
import { getProblem } from "../../src/services/problems/get.ts";
import { createRunbook } from "../../src/services/runbooks/write.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, counts, seedAudiences } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let communicator: TestMember;
let incidentId: string;

beforeAll(async () => {
  deps = await createTestDeps();
  await seedAudiences(deps, { acme: "acme.com" });
  communicator = await createMember(deps, "communicator");
  const res = await callApi(createApi(deps), communicator, "POST", "/incidents", { title: "Queue stuck", visibility: "public", body: "x" });
  incidentId = (await res.json()).id;
});
afterAll(() => deps.testDb.destroy());

describe("review page forms", () => {
  it("save sections, add and complete actions; a bad action names its fields and writes nothing", async () => {
    const ok = await handleReviewPost(deps, communicator.ctx, incidentId, {
      intent: "sections",
      lessons: "Alert earlier",
      whatWorked: "",
      whatDidnt: "",
      documentationChanges: "",
    });
    expect(ok).toMatchObject({ notice: "Review saved." });
    const before = await counts(deps, { review, reviewAction });
    const bad = await handleReviewPost(deps, communicator.ctx, incidentId, { intent: "action", text: "", owner: "", dueAt: "2026-13-45" });
    expect(Object.keys(bad.problem?.fields ?? {}).sort()).toEqual(["dueAt", "owner", "text"]);
    expect(bad.problem?.status).toBe(400);
    expect(await counts(deps, { review, reviewAction })).toEqual(before);
    expect(
      await handleReviewPost(deps, communicator.ctx, incidentId, {
        intent: "action",
        text: "Add alert",
        owner: "SRE",
        dueAt: "2026-04-01",
      }),
    ).toMatchObject({ notice: "Follow-up action added." });
    expect((await handleReviewPost(deps, communicator.ctx, incidentId, { intent: "feedback-request" })).problem?.status).toBe(422);
    expect((await handleReviewPost(deps, communicator.ctx, incidentId, { intent: "nonsense" })).problem?.status).toBe(400);
  });

  it("propose a runbook edit from the review", async () => {
    const { id } = await createRunbook(deps, communicator.ctx, { title: "Queues", category: "queues", body: "Restart the consumer" });
    const before = await counts(deps, { runbookVersion });
    const empty = await handleReviewPost(deps, communicator.ctx, incidentId, { intent: "propose", runbookId: id, body: "" });
    expect(empty.problem?.fields.body).toBeDefined();
    expect(await counts(deps, { runbookVersion })).toEqual(before);
    const ok = await handleReviewPost(deps, communicator.ctx, incidentId, {
      intent: "propose",
      runbookId: id,
      body: "Restart, then drain",
    });
    expect(ok.notice).toContain("proposed");
  });
});

describe("problem page forms", () => {
  it("parse visibility, report field errors, and link incidents", async () => {
    expect(visibilityFromText("acme, partners")).toEqual(["acme", "partners"]);
    expect(visibilityFromText("")).toBe("internal");
    const { id } = await createProblem(deps, communicator.ctx, {
      title: "Stuck queues",
      priority: "P3",
      rootCauseVisibility: "internal",
      incidentIds: [],
      commitmentIds: [],
    });
    const before = await counts(deps, { problem });
    const bad = await handleProblemPost(deps, communicator.ctx, id, {
      intent: "fields",
      title: "Stuck queues",
      priority: "P3",
      rootCauseVisibility: "nobody-here",
      rootCause: "Consumer crash",
    });
    expect(Object.keys(bad.problem?.fields ?? {})).toEqual(["rootCauseVisibility.0"]);
    expect((await getProblem(deps, id)).rootCause).toBeNull();
    expect(await counts(deps, { problem })).toEqual(before);
    expect((await handleProblemPost(deps, communicator.ctx, id, { intent: "link", target: incidentId })).notice).toBe("Linked.");
    expect((await getProblem(deps, id)).incidents.map((i) => i.id)).toEqual([incidentId]);
    const skip = await handleProblemPost(deps, communicator.ctx, id, { intent: "transition", state: "closed" });
    expect(skip.problem?.fields.state).toContain("allowed from identified");
  });
});
