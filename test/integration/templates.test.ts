import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { template } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { renderMarkdown } from "../../src/lib/markdown.ts";
import { renderTemplate } from "../../src/services/templates/render.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi, rowCount, seedAudiences, seedComponent } from "../helpers/incident-fixtures.ts";

let deps: TestDeps;
let api: ReturnType<typeof createApi>;
let communicator: TestMember;
let responder: TestMember;
const call = (method: string, path: string, body?: unknown, who?: TestMember) => callApi(api, who ?? communicator, method, path, body);

beforeAll(async () => {
  deps = await createTestDeps();
  api = createApi(deps);
  await seedAudiences(deps, {});
  communicator = await createMember(deps, "communicator");
  responder = await createMember(deps, "responder");
});
afterAll(() => deps.testDb.destroy());

describe("templates", () => {
  it("create, list, update, delete; unknown placeholders and duplicates refused", async () => {
    const res = await call("POST", "/templates", {
      kind: "update",
      name: "Investigating",
      status: "investigating",
      title: "Problems with {{component}}",
      body: "We are investigating issues with **{{component}}** since {{started_at}}.",
    });
    expect(res.status).toBe(201);
    const t = await res.json();
    const bad = await call("POST", "/templates", { kind: "update", name: "Bad", body: "Hello {{customer_name}}" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0]).toMatchObject({ path: "body", message: "unknown placeholder: customer_name" });
    expect((await call("POST", "/templates", { kind: "update", name: "Investigating", body: "x" })).status).toBe(409);
    expect((await call("POST", "/templates", { kind: "apology", name: "x", body: "x" }, responder)).status).toBe(403);
    expect(await rowCount(deps, template)).toBe(1);
    expect((await (await call("GET", "/templates?kind=update")).json()).templates).toHaveLength(1);
    expect((await call("PATCH", `/templates/${t.id}`, { body: "Now {{components}}." })).status).toBe(200);
    expect((await call("DELETE", `/templates/${t.id}`)).status).toBe(204);
    expect((await call("DELETE", `/templates/${t.id}`)).status).toBe(404);
  });

  it("an incident created from a template gets its title and words, with values escaped", async () => {
    const comp = await seedComponent(deps, "<b>Checkout</b> [x](javascript:alert(1))");
    const t = await (
      await call("POST", "/templates", {
        kind: "update",
        name: "Outage",
        title: "{{component}} outage",
        body: "Customers cannot use {{component}}.",
      })
    ).json();
    const res = await call("POST", "/incidents", {
      templateId: t.id,
      visibility: "public",
      components: [{ id: comp, status: "major_outage" }],
    });
    expect(res.status).toBe(201);
    const inc = await res.json();
    expect(inc.title).toBe("<b>Checkout</b> [x](javascript:alert(1)) outage");
    const html = renderMarkdown(inc.updates[0].body);
    expect(html).toBe("<p>Customers cannot use &lt;b&gt;Checkout&lt;/b&gt; [x](javascript:alert(1)).</p>");
    expect((await call("POST", "/incidents", { templateId: "aaaaaaaaaaaa", visibility: "public" })).status).toBe(400);
  });

  it("renderTemplate leaves no placeholder and escapes markdown in values", () => {
    expect(renderTemplate("{{title}} / {{impact}} / {{audience}}", { title: "*bold*", impact: "major" })).toBe("\\*bold\\* / major / ");
  });
});
