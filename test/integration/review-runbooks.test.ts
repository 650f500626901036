import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runbook, runbookVersion } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, counts, seedComponent } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let communicator: TestMember;
let responder: TestMember;
let db: string;
const call = (method: string, path: string, body?: unknown, who: TestMember = communicator) => callApi(api, who, method, path, body);

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  communicator = await createMember(deps, "communicator");
  responder = await createMember(deps, "responder");
  db = await seedComponent(deps, "Database");
});
afterAll(() => deps.testDb.destroy());

describe("runbooks", () => {
  let id: string;
  let incidentId: string;

  it("are versioned: edits publish new versions and keep the old ones", async () => {
    const res = await call("POST", "/runbooks", { title: "Database failover", componentId: db, body: "1. Page the DBA" });
    expect(res.status).toBe(201);
    id = (await res.json()).id;
    expect(
      (await call("POST", `/runbooks/${id}/versions`, { body: "1. Page the DBA\n2. Promote the replica", note: "add promotion" })).status,
    ).toBe(201);
    const rb = await (await call("GET", `/runbooks/${id}`)).json();
    expect(rb).toMatchObject({ currentVersion: 2, body: "1. Page the DBA\n2. Promote the replica", componentName: "Database" });
    expect(rb.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it("show for an incident of that component or category", async () => {
    await call("POST", "/runbooks", { title: "Certificates", category: "certificates", body: "Renew with the CLI" });
    await call("POST", "/runbooks", { title: "Unrelated", category: "network", body: "n/a" });
    const res = await call("POST", "/incidents", {
      title: "DB down",
      visibility: "public",
      body: "x",
      category: "certificates",
      components: [{ id: db, status: "major_outage" }],
    });
    incidentId = (await res.json()).id;
    const found = await (await call("GET", `/runbooks?incident=${incidentId}`)).json();
    expect(found.runbooks.map((r: { title: string }) => r.title)).toEqual(["Certificates", "Database failover"]);
    expect(found.runbooks[1].body).toContain("Promote the replica");
  });

  it("a review proposes an edit that is published only when accepted", async () => {
    const proposed = await call(
      "POST",
      `/runbooks/${id}/proposals`,
      { body: "1. Page the DBA\n2. Promote\n3. Tell status page", incidentId },
      responder,
    );
    expect(proposed.status).toBe(201);
    const proposalId = (await proposed.json()).id;
    expect((await (await call("GET", `/runbooks/${id}`)).json()).currentVersion).toBe(2);
    expect((await call("POST", `/runbooks/${id}/proposals/${proposalId}`, { accept: true }, responder)).status).toBe(403);
    const accepted = await (await call("POST", `/runbooks/${id}/proposals/${proposalId}`, { accept: true })).json();
    expect(accepted.version).toBe(3);
    expect((await call("POST", `/runbooks/${id}/proposals/${proposalId}`, { accept: false })).status).toBe(409);
    const rb = await (await call("GET", `/runbooks/${id}`)).json();
    expect(rb).toMatchObject({ currentVersion: 3, proposals: [] });
    expect(rb.body).toContain("Tell status page");
  });

  it("reject bad input naming the field, writing nothing", async () => {
    const before = await counts(deps, { runbook, runbookVersion });
    const cases: [unknown, string][] = [
      [{ title: "x", body: "y" }, "category"],
      [{ title: "", category: "c", body: "y" }, "title"],
      [{ title: "x", componentId: "zzzzzzzzzzzz", body: "y" }, "componentId"],
      [{ title: "x", category: "c", body: "" }, "body"],
    ];
    for (const [input, path] of cases) {
      const res = await call("POST", "/runbooks", input);
      expect(res.status).toBe(400);
      expect((await res.json()).error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect((await call("POST", `/runbooks/${id}/proposals`, { body: "x", incidentId: "zzzzzzzzzzzz" })).status).toBe(404);
    expect(await counts(deps, { runbook, runbookVersion })).toEqual(before);
  });
});
