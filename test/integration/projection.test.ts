import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../../src/auth/permissions.ts";
import {
  ANONYMOUS,
  audienceViewer,
  canSee,
  formatVisibility,
  loadComponentTree,
  loadIncidents,
  parseVisibility,
  pickMessage,
  TEAM,
} from "../../src/projection/index.ts";
import { createIncident } from "../../src/services/incidents/create.ts";
import { CreateIncident } from "../../src/services/incidents/schemas.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { seedAudiences, seedComponent } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let incidentId: string;
const acme = audienceViewer("a@acme.com", ["acme"]);
const both = audienceViewer("a@acme.com", ["partners", "acme"]);

beforeAll(async () => {
  deps = await createTestDeps();
  await seedAudiences(deps, { acme: "acme.com", partners: "partner.io" });
  await seedComponent(deps, "Public");
  await seedComponent(deps, "Acme only", "acme");
  await seedComponent(deps, "Team only", "internal");
  const created = await createIncident(
    deps,
    { actor: SYSTEM },
    CreateIncident.parse({
      title: "Mixed",
      visibility: "public",
      body: "Public words.",
      internalNote: "secret",
      variants: [
        { audience: "acme", body: "Acme words." },
        { audience: "partners", body: "Partner words." },
      ],
    }),
  );
  incidentId = created.id;
});
afterAll(() => deps.testDb.destroy());

describe("projection", () => {
  it("canSee: team sees all, anonymous only public, audiences their slugs", () => {
    expect(canSee(TEAM, "internal")).toBe(true);
    expect(canSee(ANONYMOUS, "public")).toBe(true);
    expect(canSee(ANONYMOUS, "acme")).toBe(false);
    expect(canSee(acme, "acme,partners")).toBe(true);
    expect(canSee(acme, "internal")).toBe(false);
    expect(canSee(acme, "partners")).toBe(false);
  });

  it("visibility codec round-trips and refuses bad slugs", () => {
    expect(formatVisibility(["b", "a", "a"])).toBe("a,b");
    expect(parseVisibility("a,b")).toEqual(["a", "b"]);
    expect(formatVisibility(["public", "x"])).toBe("public");
    expect(() => formatVisibility(["Bad Slug"])).toThrow();
  });

  it("pickMessage follows precedence and never returns internal notes", () => {
    const messages = [
      { kind: "internal" as const, audienceSlug: null, body: "secret" },
      { kind: "variant" as const, audienceSlug: "acme", body: "A" },
      { kind: "variant" as const, audienceSlug: "partners", body: "P" },
    ];
    expect(pickMessage(both, messages)).toEqual({ body: "P", audience: "partners" });
    expect(pickMessage(ANONYMOUS, messages)).toBeNull();
    expect(pickMessage(TEAM, messages)).toBeNull();
  });

  it("loadIncidents gives each viewer their words and never internal notes", async () => {
    const [anon] = await loadIncidents(deps.db, ANONYMOUS, { ids: [incidentId] });
    const [mine] = await loadIncidents(deps.db, acme, { ids: [incidentId] });
    const [multi] = await loadIncidents(deps.db, both, { ids: [incidentId] });
    expect(anon?.updates[0]?.body).toBe("Public words.");
    expect(mine?.updates[0]).toMatchObject({ body: "Acme words.", audience: "acme" });
    expect(multi?.updates[0]?.body).toBe("Partner words.");
    expect(JSON.stringify([anon, mine, multi])).not.toContain("secret");
  });

  it("loadComponentTree hides components by visibility", async () => {
    expect((await loadComponentTree(deps.db, ANONYMOUS)).all.map((c) => c.name)).toEqual(["Public"]);
    expect((await loadComponentTree(deps.db, acme)).all.map((c) => c.name).sort()).toEqual(["Acme only", "Public"]);
    expect((await loadComponentTree(deps.db, TEAM)).all).toHaveLength(3);
  });
});
