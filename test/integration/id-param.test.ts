import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../../src/api/app.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let owner: TestMember;
beforeAll(async () => {
  deps = await createTestDeps();
  owner = await createMember(deps, "owner");
});
afterAll(() => deps.testDb.destroy());

describe("the :id parameter, one schema for every route", () => {
  it.each([
    "/incidents/NOT-AN-ID",
    "/components/x",
    "/maintenances/x%20y",
    "/problems/aaaaaaaaaaaaa",
    "/subscribers/AAAAAAAAAAAA",
    "/mailbox/zz",
  ])("GET %s answers 400 with the same words", async (path) => {
    const res = await callApi(createApi(deps), owner, "GET", path);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details?: { path: string; message: string }[] } };
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details?.[0]?.message).toMatch(/^Not an id: use the 12-character id/);
  });
});
