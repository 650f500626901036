import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIENCE_FORMS } from "../../src/console/forms/content.ts";
import { TOKEN_FORMS } from "../../src/console/forms/team.ts";
import { listAudiences } from "../../src/services/audiences/list.ts";
import { effectiveAudienceNames, subscriberCounts } from "../../src/services/subscribers/overview.ts";
import { createApiToken, listApiTokens } from "../../src/services/tokens/tokens.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { postForm } from "../helpers/console-forms.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { seedAudiences, seedSubscriber } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let owner: TestMember;
beforeAll(async () => {
  deps = await createTestDeps();
  owner = await createMember(deps, "owner");
  await seedAudiences(deps, { acme: "acme.com" });
});
afterAll(() => deps.testDb.destroy());

/** Destructive console actions take two presses, without JavaScript: the first only asks. */
describe("confirmation steps", () => {
  it("deleting an audience asks first; only the confirmed press deletes", async () => {
    const asked = await postForm(deps, owner.ctx, AUDIENCE_FORMS, { intent: "delete", slug: "acme" });
    expect(asked.data).toEqual({ confirmDelete: "acme" });
    expect((await listAudiences(deps)).map((a) => a.slug)).toContain("acme");
    const done = await postForm(deps, owner.ctx, AUDIENCE_FORMS, { intent: "delete-confirmed", slug: "acme" });
    expect(done.notice).toBe("Audience deleted.");
    expect((await listAudiences(deps)).map((a) => a.slug)).not.toContain("acme");
  });

  it("revoking a token asks first; only the confirmed press revokes", async () => {
    const token = await createApiToken(deps, owner.ctx, { name: "deploy bot", scopes: ["write"] });
    const asked = await postForm(deps, owner.ctx, TOKEN_FORMS, { intent: "revoke", id: token.id });
    expect(asked.data).toEqual({ confirmRevoke: token.id });
    expect((await listApiTokens(deps)).find((t) => t.id === token.id)?.revoked).toBe(false);
    await postForm(deps, owner.ctx, TOKEN_FORMS, { intent: "revoke-confirmed", id: token.id });
    expect((await listApiTokens(deps)).find((t) => t.id === token.id)?.revoked).toBe(true);
  });
});

describe("subscriber overview", () => {
  it("counts subscribers by state and names the audiences a domain rule or membership puts them in", async () => {
    await seedAudiences(deps, { globex: "globex.com" });
    await seedSubscriber(deps, "ops@globex.com");
    await seedSubscriber(deps, "someone@example.com", { confirmed: false });
    expect(await subscriberCounts(deps)).toEqual({ total: 2, active: 1, pending: 1, unsubscribed: 0, suppressed: 0 });
    const names = await effectiveAudienceNames(deps, ["ops@globex.com", "someone@example.com"]);
    expect(names.get("ops@globex.com")).toEqual(["globex"]);
    expect(names.get("someone@example.com") ?? []).toEqual([]);
  });
});
