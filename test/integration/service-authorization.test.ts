import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent, incident, incidentUpdate, message, notification, signal } from "../../db/schema/index.ts";
import { newId } from "../../src/lib/ids.ts";
import { closeIncident } from "../../src/services/closures/close.ts";
import { CloseIncident } from "../../src/services/closures/schemas.ts";
import { createIncident } from "../../src/services/incidents/create.ts";
import { patchIncident } from "../../src/services/incidents/patch.ts";
import { CreateIncident, PatchIncident } from "../../src/services/incidents/schemas.ts";
import { attachSignal } from "../../src/services/intake/triage-attach.ts";
import { publishPostmortem } from "../../src/services/postmortems/publish.ts";
import { savePostmortem } from "../../src/services/postmortems/save.ts";
import { editUpdate } from "../../src/services/updates/edit.ts";
import { publishUpdate } from "../../src/services/updates/publish.ts";
import { retractUpdate } from "../../src/services/updates/retract.ts";
import { EditUpdate, PostUpdate, RetractUpdate } from "../../src/services/updates/schemas.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { counts, seedAudiences } from "../helpers/incident-fixtures.ts";
import { makeSource } from "../helpers/intake.ts";

const SERVICES = path.resolve(import.meta.dirname, "../../src/services");
/** Verbs that take a ServiceContext without being a guarded write, each for a stated reason. */
const NOT_VERBS = new Set([
  "recordAudit", // writes the audit row of a verb that already authorized
  "assertMayPublishRestricted", // a rule the verbs call
  "assertMayWriteIncident", // a rule the verbs call
  "logout", // signing out must always work, for anyone signed in
  "listOwnSessions", // a read of the caller's own sessions
  "assertMayWriteClosure", // a rule the verbs call
  "requireTranslatable", // loads and checks a translation's text for the translation verbs, which authorized
  "toView", // shapes a row for a verb that already authorized (it masks secrets by the caller's role)
  "subscriberPage", // one page for the list and the export, which authorized
  "addChunk", // a step of an import job whose creation was authorized
  "insertEmailSubscriber", // the write behind addSubscriber and each import row, both authorized
  "importOneRow", // a step of an import job whose creation was authorized
  "confirmReporterEmail", // the reporter confirming their own address through the signed link mailed to it
]);

/** Every exported function under src/services whose parameters include `ctx: ServiceContext`, with its first statement. */
function contextVerbs(dir = SERVICES): { verb: string; file: string; first: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return contextVerbs(full);
    const src = readFileSync(full, "utf8");
    return [...src.matchAll(/export (?:async )?function (\w+)\s*\(([\s\S]*?)\)[^\n]*\{\n\s*([^\n]*)/g)]
      .filter((m) => /ctx: ServiceContext/.test(m[2] ?? ""))
      .map((m) => ({ verb: m[1] ?? "", file: path.relative(SERVICES, full), first: m[3] ?? "" }));
  });
}

let deps: TestDeps;
let owner: TestMember;
let communicator: TestMember;
let responder: TestMember;
let viewer: TestMember;
const tables = { incident, incidentUpdate, message, notification, auditEvent, signal };

async function openIncident(visibility: "public" | string[]): Promise<{ id: string; updateId: string }> {
  const input = CreateIncident.parse({ title: "Errors", visibility, body: "Investigating.", variants: [] });
  return createIncident(deps, owner.ctx, input);
}

async function seedSignal(): Promise<string> {
  const id = newId();
  const now = deps.clock.now();
  const source = await makeSource(deps, "generic", `source ${id}`);
  await deps.db.insert(signal).values({
    id,
    sourceId: source.id,
    fingerprint: id,
    status: "firing",
    summary: "Errors",
    firstSeenAt: now,
    lastSeenAt: now,
    firingSinceAt: now,
    createdAt: now,
  });
  return id;
}

beforeAll(async () => {
  deps = await createTestDeps();
  await seedAudiences(deps, { acme: "acme.com" });
  owner = await createMember(deps, "owner");
  communicator = await createMember(deps, "communicator");
  responder = await createMember(deps, "responder");
  viewer = await createMember(deps, "viewer");
});
afterAll(() => deps.testDb.destroy());

describe("service verbs authorize themselves", () => {
  it("every exported verb that takes a ServiceContext starts with authorize(ctx, …)", () => {
    const verbs = contextVerbs().filter((v) => !NOT_VERBS.has(v.verb));
    const unguarded = verbs.filter((v) => !v.first.startsWith("authorize(ctx, ")).map((v) => `${v.file} ${v.verb}`);
    expect(unguarded).toEqual([]);
    expect(verbs.length).toBeGreaterThan(60);
  });

  it("a viewer calling the incident verbs directly gets ForbiddenError and nothing changes", async () => {
    const { id, updateId } = await openIncident("public");
    const before = await counts(deps, tables);
    const ids = { incidentId: id, updateId };
    const attempts: [string, () => Promise<unknown>][] = [
      ["create", () => createIncident(deps, viewer.ctx, CreateIncident.parse({ title: "X", visibility: "public", body: "x" }))],
      ["publish", () => publishUpdate(deps, viewer.ctx, id, PostUpdate.parse({ status: "identified", body: "Found it." }))],
      ["edit", () => editUpdate(deps, viewer.ctx, ids, EditUpdate.parse({ body: "Rewritten." }))],
      ["retract", () => retractUpdate(deps, viewer.ctx, ids, RetractUpdate.parse({ correction: "Wrong." }))],
      ["patch", () => patchIncident(deps, viewer.ctx, id, PatchIncident.parse({ title: "Renamed" }))],
      ["close", () => closeIncident(deps, viewer.ctx, id, CloseIncident.parse({ summary: "Fixed." }))],
      ["save postmortem", () => savePostmortem(deps, viewer.ctx, id, { body: "Review." })],
      ["publish postmortem", () => publishPostmortem(deps, viewer.ctx, id, { notify: true })],
    ];
    for (const [what, attempt] of attempts) await expect(attempt(), what).rejects.toMatchObject({ code: "forbidden", status: 403 });
    expect(await counts(deps, tables)).toEqual(before);
  });

  it("a responder may not close an incident", async () => {
    const { id } = await openIncident("public");
    await expect(closeIncident(deps, responder.ctx, id, CloseIncident.parse({ summary: "Fixed." }))).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});

describe("restricted incidents are written only by roles that may publish to named audiences", () => {
  it("a responder cannot post, edit, retract or retitle an incident shown to acme; nothing changes", async () => {
    const { id, updateId } = await openIncident(["acme"]);
    const signalId = await seedSignal();
    const before = await counts(deps, tables);
    const ids = { incidentId: id, updateId };
    const attempts: [string, () => Promise<unknown>][] = [
      ["publish", () => publishUpdate(deps, responder.ctx, id, PostUpdate.parse({ status: "identified", body: "Found it." }))],
      ["edit", () => editUpdate(deps, responder.ctx, ids, EditUpdate.parse({ body: "Rewritten." }))],
      ["retract", () => retractUpdate(deps, responder.ctx, ids, RetractUpdate.parse({ correction: "Wrong." }))],
      ["patch", () => patchIncident(deps, responder.ctx, id, PatchIncident.parse({ title: "Renamed" }))],
      ["create", () => createIncident(deps, responder.ctx, CreateIncident.parse({ title: "X", visibility: ["acme"], body: "x" }))],
      ["attach", () => attachSignal(deps, responder.ctx, signalId, id)],
    ];
    for (const [what, attempt] of attempts)
      await expect(attempt(), what).rejects.toMatchObject({
        code: "forbidden",
        message: expect.stringContaining("incident.publish_restricted"),
      });
    expect(await counts(deps, tables)).toEqual(before);
  });

  it("a responder still works on public incidents, and a communicator on restricted ones", async () => {
    const pub = await openIncident("public");
    await publishUpdate(deps, responder.ctx, pub.id, PostUpdate.parse({ status: "identified", body: "Found it." }));
    await patchIncident(deps, responder.ctx, pub.id, PatchIncident.parse({ title: "Renamed" }));
    const restricted = await openIncident(["acme"]);
    const posted = await publishUpdate(deps, communicator.ctx, restricted.id, PostUpdate.parse({ status: "identified", body: "Ok." }));
    await editUpdate(deps, communicator.ctx, { incidentId: restricted.id, updateId: posted.id }, EditUpdate.parse({ body: "Better." }));
    await patchIncident(deps, communicator.ctx, restricted.id, PatchIncident.parse({ title: "Acme errors" }));
  });
});
