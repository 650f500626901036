import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent, signal } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { createIntakeApi } from "../../src/api/intake/index.ts";
import { groupCommit } from "../../src/services/intake/group-commit.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";
import { callApi } from "../helpers/incident-fixtures.ts";
import { fixture, makeSource, postIntake } from "../helpers/intake.ts";

let deps: TestDeps;
let intake: ReturnType<typeof createIntakeApi>;
let admin: TestMember;
let am: Awaited<ReturnType<typeof makeSource>>;
let grafana: Awaited<ReturnType<typeof makeSource>>;
let generic: Awaited<ReturnType<typeof makeSource>>;

beforeAll(async () => {
  deps = await createTestDeps();
  intake = createIntakeApi(deps);
  admin = await createMember(deps, "admin");
  am = await makeSource(deps, "alertmanager");
  grafana = await makeSource(deps, "grafana");
  generic = await makeSource(deps, "generic");
});
afterAll(() => deps.testDb.destroy());

const signalsOf = (sourceId: string) => deps.db.select().from(signal).where(eq(signal.sourceId, sourceId));

describe("contract: Alertmanager webhook v4", () => {
  it(".happy stores each grouped alert as a signal, merging common labels", async () => {
    const res = await postIntake(intake, "alertmanager", am.headers, fixture("alertmanager-v4.json"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, created: 2, resolved: 0 });
    const rows = await signalsOf(am.id);
    const api = rows.find((r) => r.fingerprint === "1a30ba71cca2921f");
    expect(api).toMatchObject({ status: "firing", severity: "critical", summary: "BlackBox Probe Failure: https://api.example.org" });
    expect(api?.labels).toMatchObject({ service: "api", job: "http_checks", alertname: "ProbeFailure" });
    expect(rows.find((r) => r.fingerprint === "2b41cb82ddb3a30e")?.severity).toBe("warning");
    const audit = (await deps.db.select().from(auditEvent).where(eq(auditEvent.resourceId, am.id))).find(
      (a) => a.action === "signal.receive",
    );
    expect(audit).toMatchObject({
      action: "signal.receive",
      actorType: "system",
      actorLabel: "intake source alertmanager source",
      after: { accepted: 2, created: 2, resolved: 0 },
    });
  });

  it(".happy a resolved notification resolves the same signal (dedupe by fingerprint)", async () => {
    const payload = fixture("alertmanager-v4.json") as { status: string; alerts: { status: string }[] };
    payload.status = "resolved";
    payload.alerts = [{ ...payload.alerts[0], status: "resolved" } as { status: string }];
    deps.clock.advance(60_000);
    const res = await postIntake(intake, "alertmanager", am.headers, payload);
    expect(await res.json()).toEqual({ accepted: 1, created: 0, resolved: 1 });
    const rows = await signalsOf(am.id);
    expect(rows).toHaveLength(2);
    const api = rows.find((r) => r.fingerprint === "1a30ba71cca2921f");
    expect(api?.status).toBe("resolved");
    expect(api?.eventCount).toBe(2);
    expect(api?.resolvedAt?.getTime()).toBe(deps.clock.now().getTime());
  });

  it(".happy an alert without a fingerprint (Alertmanager < 0.19) is keyed by its labels", async () => {
    const payload = fixture("alertmanager-v4.json") as { alerts: Record<string, unknown>[] };
    const { fingerprint: _, ...alert } = payload.alerts[1] as Record<string, unknown>;
    payload.alerts = [alert, alert];
    const res = await postIntake(intake, "alertmanager", am.headers, payload);
    expect(await res.json()).toEqual({ accepted: 2, created: 1, resolved: 0 });
  });

  it(".error a wrong version or missing alerts is a 400 naming the field, and stores nothing", async () => {
    const before = (await signalsOf(am.id)).length;
    const wrong = { ...fixture("alertmanager-v4.json"), version: "3" };
    const res = await postIntake(intake, "alertmanager", am.headers, wrong);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details.map((d) => d.path)).toContain("version");
    const { alerts: _, ...noAlerts } = fixture("alertmanager-v4.json");
    const res2 = await postIntake(intake, "alertmanager", am.headers, noAlerts);
    expect(((await res2.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe("alerts");
    const badStatus = fixture("alertmanager-v4.json") as { alerts: { status: string }[] };
    (badStatus.alerts[1] as { status: string }).status = "exploded";
    const res3 = await postIntake(intake, "alertmanager", am.headers, badStatus);
    expect(((await res3.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe("alerts.1.status");
    expect((await signalsOf(am.id)).length).toBe(before);
  });
});

describe("contract: Grafana alerting webhook", () => {
  it(".happy stores the documented example's two alerts", async () => {
    const res = await postIntake(intake, "grafana", grafana.headers, fixture("grafana.json"));
    expect(res.status).toBe(200);
    const rows = await signalsOf(grafana.id);
    expect(rows.map((r) => r.fingerprint).sort()).toEqual(["bc97ff14869b13e3", "c6eadffa33fcdf37"]);
    expect(rows.find((r) => r.fingerprint === "c6eadffa33fcdf37")).toMatchObject({
      summary: "This alert was triggered for zone us-1",
      labels: { alertname: "High memory usage", team: "blue", zone: "us-1" },
    });
  });
});

describe("generic JSON", () => {
  it(".happy accepts one alert or a batch; a repeat updates instead of duplicating", async () => {
    const one = {
      source: "cron",
      fingerprint: "backup-late",
      status: "firing",
      severity: "major",
      summary: "Nightly backup is late",
      labels: { service: "db" },
    };
    expect((await postIntake(intake, "generic", generic.headers, one)).status).toBe(200);
    const res = await postIntake(intake, "generic", generic.headers, {
      alerts: [one, { ...one, fingerprint: "disk-full", summary: "Disk full" }],
    });
    expect(await res.json()).toEqual({ accepted: 2, created: 1, resolved: 0 });
    const row = (await signalsOf(generic.id)).find((r) => r.fingerprint === "backup-late");
    expect(row).toMatchObject({ eventCount: 2, severity: "major", labels: { source: "cron", service: "db" } });
  });

  it(".error names unknown fields and bad values", async () => {
    const res = await postIntake(intake, "generic", generic.headers, {
      fingerprint: "x",
      status: "firing",
      summary: "s",
      severity: "apocalyptic",
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("severity");
  });

  it(".error malformed JSON is 400 malformed_json, the wrong content type 415", async () => {
    const res = await postIntake(intake, "generic", generic.headers, "{not json");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("malformed_json");
    const res2 = await intake.request("/api/intake/generic", {
      method: "POST",
      headers: { ...generic.headers, "content-type": "text/plain" },
      body: "hi",
    });
    expect(res2.status).toBe(415);
  });

  it(".error a token of another kind of source is told where to post", async () => {
    const res = await postIntake(intake, "generic", am.headers, { fingerprint: "x", status: "firing", summary: "s" });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("/api/intake/alertmanager");
  });
});

describe("security", () => {
  it(".security no token, an unknown token, a forged secret or a revoked source get 401", async () => {
    const body = { fingerprint: "x", status: "firing", summary: "s" };
    expect((await postIntake(intake, "generic", {}, body)).status).toBe(401);
    expect(
      (await postIntake(intake, "generic", { authorization: "Bearer clarion_in_aaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbb" }, body)).status,
    ).toBe(401);
    const forged = `${generic.token.slice(0, -4)}zzzz`;
    expect((await postIntake(intake, "generic", { authorization: `Bearer ${forged}` }, body)).status).toBe(401);
    const other = await makeSource(deps, "generic", "to revoke");
    const api = createApi(deps);
    expect((await callApi(api, admin, "DELETE", `/intake/sources/${other.id}`)).status).toBe(204);
    const res = await postIntake(intake, "generic", other.headers, body);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it(".security an admin session is not an intake credential", async () => {
    const res = await postIntake(intake, "generic", admin.cookieHeaders, { fingerprint: "x", status: "firing", summary: "s" });
    expect(res.status).toBe(401);
  });
});

describe("group commit", () => {
  it("a payload that fails inside a shared transaction fails alone; the others are stored", async () => {
    const gc = groupCommit(deps);
    const alert = (fp: string) => [{ fingerprint: fp, status: "firing" as const, severity: "info" as const, summary: fp, labels: {} }];
    const results = await Promise.allSettled([
      gc.submit({ id: generic.id, name: "generic source", kind: "generic" }, alert("shared-1")),
      gc.submit({ id: "nosuchsource", name: "ghost", kind: "generic" }, alert("orphan")),
      gc.submit({ id: generic.id, name: "generic source", kind: "generic" }, alert("shared-2")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const fps = (await signalsOf(generic.id)).map((r) => r.fingerprint);
    expect(fps).toEqual(expect.arrayContaining(["shared-1", "shared-2"]));
  });

  it("absorbs 1,000 alerts in one grouped Alertmanager notification", async () => {
    const payload = fixture("alertmanager-v4.json") as { alerts: Record<string, unknown>[] };
    const template = payload.alerts[0] as Record<string, unknown>;
    payload.alerts = Array.from({ length: 1000 }, (_, i) => ({
      ...template,
      fingerprint: `grouped-${i}`,
      labels: { alertname: "Grouped", i: String(i) },
    }));
    const started = performance.now();
    const res = await postIntake(intake, "alertmanager", am.headers, payload);
    const ms = performance.now() - started;
    expect(await res.json()).toEqual({ accepted: 1000, created: 1000, resolved: 0 });
    console.info(`intake grouped: 1000 alerts in one request in ${Math.round(ms)} ms = ${Math.round(1000 / (ms / 1000))} alerts/s`);
  });
});

describe("admin API", () => {
  it("creates a source with a token shown once, audited without the secret", async () => {
    const api = createApi(deps);
    const res = await callApi(api, admin, "POST", "/intake/sources", { name: "Prod Alertmanager", kind: "alertmanager" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; token: string; endpoint: string };
    expect(body.token).toMatch(/^clarion_in_[0-9a-z]{12}\./);
    expect(body.endpoint).toBe("/api/intake/alertmanager");
    const list = (await (await callApi(api, admin, "GET", "/intake/sources")).json()) as { sources: Record<string, unknown>[] };
    expect(JSON.stringify(list)).not.toContain(body.token.split(".")[1]);
    const [audit] = await deps.db.select().from(auditEvent).where(eq(auditEvent.resourceId, body.id));
    expect(audit?.action).toBe("intake_source.create");
    expect(JSON.stringify(audit)).not.toContain(body.token);
  });

  it(".error bad input and missing permission", async () => {
    const api = createApi(deps);
    const res = await callApi(api, admin, "POST", "/intake/sources", { name: "", kind: "nagios" });
    expect(res.status).toBe(400);
    const details = ((await res.json()) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);
    expect(details).toEqual(expect.arrayContaining(["name", "kind"]));
    const responder = await createMember(deps, "responder");
    expect((await callApi(api, responder, "POST", "/intake/sources", { name: "x", kind: "generic" })).status).toBe(403);
  });
});
