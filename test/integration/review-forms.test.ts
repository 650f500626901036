import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problem, review, reviewAction, runbookVersion } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { PROBLEM_FORMS } from "../../src/console/forms/problem.ts";
import { REVIEW_FORMS } from "../../src/console/forms/review.ts";
import { visibilityFromText } from "../../src/lib/forms.ts";
import { createProblem } from "../../src/services/problems/create.ts";
import { getProblem } from "../../src/services/problems/get.ts";
import { createRunbook } from "../../src/services/runbooks/write.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { postForm } from "../helpers/console-forms.ts";
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
    const ok = await postForm(
      deps,
      communicator.ctx,
      REVIEW_FORMS,
      {
        intent: "sections",
        lessons: "Alert earlier",
        whatWorked: "",
        whatDidnt: "",
        documentationChanges: "",
      },
      { id: incidentId },
    );
    expect(ok).toMatchObject({ notice: "Review saved." });
    const before = await counts(deps, { review, reviewAction });
    const bad = await postForm(
      deps,
      communicator.ctx,
      REVIEW_FORMS,
      { intent: "action", text: "", owner: "", dueAt: "2026-13-45" },
      { id: incidentId },
    );
    expect(Object.keys(bad.problem?.fields ?? {}).sort()).toEqual(["dueAt", "owner", "text"]);
    expect(bad.problem?.status).toBe(400);
    expect(await counts(deps, { review, reviewAction })).toEqual(before);
    expect(
      await postForm(
        deps,
        communicator.ctx,
        REVIEW_FORMS,
        {
          intent: "action",
          text: "Add alert",
          owner: "SRE",
          dueAt: "2026-04-01",
        },
        { id: incidentId },
      ),
    ).toMatchObject({ notice: "Follow-up action added." });
    expect((await postForm(deps, communicator.ctx, REVIEW_FORMS, { intent: "feedback-request" }, { id: incidentId })).problem?.status).toBe(
      422,
    );
    expect((await postForm(deps, communicator.ctx, REVIEW_FORMS, { intent: "nonsense" }, { id: incidentId })).problem?.status).toBe(400);
  });

  it("propose a runbook edit from the review", async () => {
    const { id } = await createRunbook(deps, communicator.ctx, { title: "Queues", category: "queues", body: "Restart the consumer" });
    const before = await counts(deps, { runbookVersion });
    const empty = await postForm(deps, communicator.ctx, REVIEW_FORMS, { intent: "propose", runbookId: id, body: "" }, { id: incidentId });
    expect(empty.problem?.fields.body).toBeDefined();
    expect(await counts(deps, { runbookVersion })).toEqual(before);
    const ok = await postForm(
      deps,
      communicator.ctx,
      REVIEW_FORMS,
      {
        intent: "propose",
        runbookId: id,
        body: "Restart, then drain",
      },
      { id: incidentId },
    );
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
    const bad = await postForm(
      deps,
      communicator.ctx,
      PROBLEM_FORMS,
      {
        intent: "fields",
        title: "Stuck queues",
        priority: "P3",
        rootCauseVisibility: "nobody-here",
        rootCause: "Consumer crash",
      },
      { id: id },
    );
    expect(Object.keys(bad.problem?.fields ?? {})).toEqual(["rootCauseVisibility.0"]);
    expect((await getProblem(deps, id)).rootCause).toBeNull();
    expect(await counts(deps, { problem })).toEqual(before);
    expect((await postForm(deps, communicator.ctx, PROBLEM_FORMS, { intent: "link", target: incidentId }, { id: id })).notice).toBe(
      "Linked.",
    );
    expect((await getProblem(deps, id)).incidents.map((i) => i.id)).toEqual([incidentId]);
    const skip = await postForm(deps, communicator.ctx, PROBLEM_FORMS, { intent: "transition", state: "closed" }, { id: id });
    expect(skip.problem?.fields.state).toContain("allowed from identified");
  });
});
