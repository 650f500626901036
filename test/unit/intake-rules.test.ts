import { describe, expect, it } from "vitest";
import { fromAlertmanager, labelFingerprint, severityFrom } from "../../src/services/intake/normalize.ts";
import { heldLongEnough, impactFor, matchRule } from "../../src/services/intake/rules.ts";
import { AlertmanagerPayload, LabelMatcher } from "../../src/services/intake/schemas.ts";
import { pickGroup, similarity } from "../../src/services/intake/similar.ts";

const rule = (id: string, position: number, matchers: { label: string; op: "=" | "!=" | "=~"; value: string }[], enabled = true) => ({
  id,
  position,
  enabled,
  matchers,
});

describe("matchRule", () => {
  const rules = [
    rule("b-api", 2, [{ label: "service", op: "=", value: "api" }]),
    rule("a-api-critical", 1, [
      { label: "service", op: "=", value: "api" },
      { label: "severity", op: "=", value: "critical" },
    ]),
    rule("c-web-regex", 3, [{ label: "service", op: "=~", value: "web|www" }]),
    rule("d-not-staging", 4, [{ label: "env", op: "!=", value: "staging" }]),
    rule("e-disabled", 0, [{ label: "service", op: "=", value: "api" }], false),
  ];
  it("takes the first enabled rule by position whose every matcher holds", () => {
    expect(matchRule(rules, { service: "api", severity: "critical" })?.id).toBe("a-api-critical");
    expect(matchRule(rules, { service: "api", severity: "warning" })?.id).toBe("b-api");
  });
  it("anchors regular expressions like Prometheus", () => {
    expect(matchRule(rules, { service: "www", env: "staging" })?.id).toBe("c-web-regex");
    expect(matchRule(rules, { service: "webapp", env: "staging" })).toBeNull();
  });
  it("treats a missing label as empty for !=", () => {
    expect(matchRule(rules, { service: "db" })?.id).toBe("d-not-staging");
    expect(matchRule(rules, { service: "db", env: "staging" })).toBeNull();
  });
});

describe("label patterns run on RE2 (linear time)", () => {
  it("a catastrophic-backtracking pattern answers at once on a long label", () => {
    const evil = [rule("evil", 0, [{ label: "service", op: "=~", value: "(a+)+$" }])];
    expect(matchRule(evil, { service: `${"a".repeat(40)}!` })).toBeNull();
    expect(matchRule(evil, { service: "a".repeat(40) })?.id).toBe("evil");
  });
  it.each(["(a)\\1", "(?=a)a", "a(?!b)"])("refuses %s, which RE2 cannot run, naming the value", (value) => {
    const parsed = LabelMatcher.safeParse({ label: "service", op: "=~", value });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["value"]);
  });
});

describe("flapping guard", () => {
  it("acts only after the hold time has passed", () => {
    const since = new Date("2026-03-02T12:00:00Z");
    expect(heldLongEnough(since, new Date("2026-03-02T12:00:59Z"), 60)).toBe(false);
    expect(heldLongEnough(since, new Date("2026-03-02T12:01:00Z"), 60)).toBe(true);
    expect(heldLongEnough(since, since, 0)).toBe(true);
  });
});

describe("normalize", () => {
  it("maps severities and impacts", () => {
    expect(severityFrom({ severity: "CRITICAL" })).toBe("critical");
    expect(severityFrom({ severity: "error" })).toBe("major");
    expect(severityFrom({})).toBe("warning");
    expect(impactFor("critical")).toBe("critical");
    expect(impactFor("info")).toBe("none");
  });
  it("keys a fingerprint-less alert by its sorted labels", () => {
    expect(labelFingerprint({ b: "2", a: "1" })).toBe(labelFingerprint({ a: "1", b: "2" }));
    expect(labelFingerprint({ a: "1" })).not.toBe(labelFingerprint({ a: "2" }));
  });
  it("merges common labels under each alert's own", () => {
    const p = AlertmanagerPayload.parse({
      version: "4",
      groupKey: "{}:{}",
      status: "firing",
      groupLabels: {},
      commonLabels: { job: "x", severity: "warning" },
      commonAnnotations: { summary: "common" },
      alerts: [{ status: "firing", labels: { severity: "critical" }, annotations: {}, fingerprint: "f1" }],
    });
    expect(fromAlertmanager(p)[0]).toMatchObject({ severity: "critical", summary: "common", labels: { job: "x", severity: "critical" } });
  });
});

describe("report grouping", () => {
  it("scores word overlap", () => {
    expect(similarity("checkout page fails with error 500", "error 500 on the checkout page")).toBeGreaterThan(0.5);
    expect(similarity("login is slow", "invoice totals wrong")).toBe(0);
  });
  it("groups by component and similar words, never across components", () => {
    const recent = [
      { groupId: "g1", what: "cannot log in, the login page spins", componentId: "c1" },
      { groupId: "g2", what: "cannot log in", componentId: "c2" },
      { groupId: "g3", what: "emails arrive late", componentId: null },
    ];
    expect(pickGroup({ what: "login page keeps spinning", componentId: "c1" }, recent)).toBe("g1");
    expect(pickGroup({ what: "totally different words", componentId: "c1" }, recent)).toBe("g1");
    expect(pickGroup({ what: "emails are late today", componentId: null }, recent)).toBe("g3");
    expect(pickGroup({ what: "the invoice is wrong", componentId: null }, recent)).toBeNull();
  });
});
