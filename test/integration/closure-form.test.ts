import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preventionCommitment } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { type FormResult, handleForm } from "../../src/console/form-action.ts";
import { INCIDENT_FORMS } from "../../src/console/forms/incident.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { formRequest, postForm } from "../helpers/console-forms.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, counts } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let communicator: TestMember;
let incidentId: string;

beforeAll(async () => {
  deps = await createTestDeps();
  communicator = await createMember(deps, "communicator");
  const res = await callApi(createApi(deps), communicator, "POST", "/incidents", { title: "Queue stuck", visibility: "public", body: "x" });
  incidentId = (await res.json()).id;
});
afterAll(() => deps.testDb.destroy());

const card = (i: number, text: string, owner = "", dueAt = "", visibility = "internal") => ({
  [`c.${i}.text`]: text,
  [`c.${i}.owner`]: owner,
  [`c.${i}.dueAt`]: dueAt,
  [`c.${i}.visibility`]: visibility,
});

/** Posts the closure form as a browser does when a card button is pressed (the remove button names its card in the URL). */
async function press(fields: Record<string, string>, query = ""): Promise<Record<string, string | string[]>> {
  const out = await handleForm(INCIDENT_FORMS, {
    deps,
    ctx: communicator.ctx,
    params: { id: incidentId },
    request: formRequest(fields, `http://localhost/admin/incidents/${incidentId}${query}`),
  });
  if (out instanceof Response) throw new Error(`expected a rendered form, got HTTP ${out.status}`);
  const form = (out.data as { closureForm?: Record<string, string | string[]> } | undefined)?.closureForm;
  if (!form) throw new Error(`no closure form in ${JSON.stringify(out)}`);
  return form;
}

describe("closure form: commitment cards without JavaScript", () => {
  it("add keeps every typed value and appends one empty card; nothing is saved", async () => {
    const before = await counts(deps, { preventionCommitment });
    const form = await press({
      intent: "add-commitment",
      summary: "Rolled back.",
      apology: "Sorry.",
      ...card(0, "Canary stage", "Casey", "2030-01-02T10:00", "public"),
    });
    expect(form).toMatchObject({
      summary: "Rolled back.",
      apology: "Sorry.",
      ...card(0, "Canary stage", "Casey", "2030-01-02T10:00", "public"),
    });
    expect(form).toMatchObject(card(1, "", "", "", ""));
    expect(form).not.toHaveProperty("intent");
    expect(await counts(deps, { preventionCommitment })).toEqual(before);
  });

  it("remove drops the named card and numbers the rest again", async () => {
    const fields = { intent: "remove-commitment", summary: "S", ...card(0, "first"), ...card(1, "second", "Casey"), ...card(2, "third") };
    const form = await press(fields, "?remove=1");
    expect(form).toMatchObject({ ...card(0, "first"), ...card(1, "third") });
    expect(form).not.toHaveProperty("c.2.text");
    // Without a card named (an old link), the last card goes.
    const last = await press(fields);
    expect(Object.values(last)).not.toContain("third");
    expect(last).toMatchObject(card(1, "second", "Casey"));
  });

  it("a card without an owner is named on the card; blank cards are dropped; two commitments are saved", async () => {
    const bad = await postForm(
      deps,
      communicator.ctx,
      INCIDENT_FORMS,
      { intent: "close", summary: "Rolled back.", ...card(0, ""), ...card(1, "Add alerts") },
      { id: incidentId },
    );
    expect(bad.problem?.status).toBe(400);
    expect(bad.errors).toEqual({ "commitments.0": "Choose who owns this commitment" });
    const ok: FormResult = await postForm(
      deps,
      communicator.ctx,
      INCIDENT_FORMS,
      { intent: "close", summary: "Rolled back.", ...card(0, "Add alerts", "Casey"), ...card(1, ""), ...card(2, "Canary stage", "Robin") },
      { id: incidentId },
    );
    expect(ok.problem).toBeUndefined();
    expect(await counts(deps, { preventionCommitment })).toEqual({ preventionCommitment: 2 });
  });
});
