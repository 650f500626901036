import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../../src/api/app.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

let deps: TestDeps;
let dir: string;
let diagnostics: Map<string, string[]>;

/** The program a client author writes against the generated types: create an incident, read its id. */
const PROGRAM = `
import type { paths } from "./clarion";

type CreateIncident = paths["/api/admin/incidents"]["post"];
type NewIncident = CreateIncident["requestBody"]["content"]["application/json"];
type Incident = CreateIncident["responses"]["201"]["content"]["application/json"];

export async function createIncident(base: string, token: string, input: NewIncident): Promise<Incident> {
  const res = await fetch(\`\${base}/api/admin/incidents\`, {
    method: "POST",
    headers: { authorization: \`Bearer \${token}\`, "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  if (res.status !== 201) throw new Error(\`Clarion answered \${res.status}\`);
  return (await res.json()) as Incident;
}

export async function main(): Promise<string> {
  const incident = await createIncident("https://status.example.com", "clarion_x.y", {
    title: "Checkout errors",
    impact: "major",
    visibility: "public",
    status: "investigating",
    body: "Some payments fail; we are looking into it.",
  });
  const firstUpdate: string | undefined = incident.updates[0]?.id;
  const owner: string | undefined = incident.owner?.name;
  return [incident.id, incident.startedAt, firstUpdate, owner].join(" ");
}
`;

/** Variants with one wrong name each: the type check must reject every one. */
const WRONG = {
  "response-field": PROGRAM.replace("[incident.id,", "[incident.incidentId,"),
  "request-field": PROGRAM.replace('title: "Checkout errors"', 'titel: "Checkout errors"'),
  "status-code": PROGRAM.replace('["responses"]["201"]', '["responses"]["200"]'),
  "enum-value": PROGRAM.replace('impact: "major"', 'impact: "huge"'),
};

beforeAll(async () => {
  deps = await createTestDeps();
  const doc = await (await createApi(deps).request("/api/admin/openapi.json")).json();
  dir = mkdtempSync(path.join(tmpdir(), "clarion-client-"));
  writeFileSync(path.join(dir, "clarion.d.ts"), astToString(await openapiTS(doc)));
  const files = { good: PROGRAM, ...WRONG };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, `${name}.ts`), text);
  const program = ts.createProgram(
    Object.keys(files).map((name) => path.join(dir, `${name}.ts`)),
    {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      types: [],
    },
  );
  diagnostics = new Map();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = path.basename(diagnostic.file?.fileName ?? "options", ".ts");
    diagnostics.set(file, [...(diagnostics.get(file) ?? []), ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")]);
  }
}, 60_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await deps.testDb.destroy();
});

describe("a typed client generated from the OpenAPI document (openapi-typescript)", () => {
  it("type-checks a program that creates an incident and reads its id", () => {
    expect(diagnostics.get("good") ?? []).toEqual([]);
    expect(diagnostics.get("clarion.d") ?? []).toEqual([]);
  });

  it("rejects a wrong response field, request field, status code or enum value", () => {
    const named = { "response-field": /incidentId/, "request-field": /titel/, "status-code": /'200'/, "enum-value": /"huge"/ };
    for (const [file, name] of Object.entries(named)) {
      expect(diagnostics.get(file), file).toHaveLength(1);
      expect(diagnostics.get(file)?.[0], file).toMatch(name);
    }
  });
});
