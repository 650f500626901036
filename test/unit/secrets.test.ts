import { describe, expect, it } from "vitest";
import { can, ROLE_ACTIONS, SCOPE_ACTIONS } from "../../src/auth/permissions.ts";
import { hashSecret, issueToken, parseToken, secretMatches } from "../../src/auth/secrets.ts";

describe("bearer secrets", () => {
  it("issues <id>.<secret> with >= 128 bits and stores only SHA-256(secret)", () => {
    const t = issueToken();
    expect(t.token).toBe(`${t.id}.${t.secret}`);
    expect(t.secret.length * 5).toBeGreaterThanOrEqual(128); // base32: 5 bits a character
    expect(t.secretHash).toEqual(hashSecret(t.secret));
    expect(t.secretHash.byteLength).toBe(32);
  });

  it("matches the right secret only", () => {
    const t = issueToken();
    expect(secretMatches(t.secret, t.secretHash)).toBe(true);
    expect(secretMatches(`${t.secret}x`, t.secretHash)).toBe(false);
    expect(secretMatches(t.secret.slice(0, -1), t.secretHash)).toBe(false);
    expect(secretMatches("", t.secretHash)).toBe(false);
  });

  it("is false for a stored hash of another length", () => {
    const t = issueToken();
    expect(secretMatches(t.secret, t.secretHash.slice(0, 31))).toBe(false);
    expect(secretMatches(t.secret, new Uint8Array(0))).toBe(false);
  });

  it("is false when the stored hash is one bit off", () => {
    const t = issueToken();
    for (const byte of [0, 15, 31]) {
      const flipped = Uint8Array.from(t.secretHash);
      flipped[byte] = (flipped[byte] as number) ^ 1;
      expect(secretMatches(t.secret, flipped)).toBe(false);
    }
  });

  it("parses only well-formed tokens", () => {
    const t = issueToken("clarion_");
    expect(parseToken(t.token, "clarion_")).toEqual({ id: t.id, secret: t.secret });
    expect(parseToken(t.token)).toBeNull();
    for (const bad of ["", ".", "abc", `${t.id}.`, `.${t.secret}`, `${t.id}.${t.secret}.x`, `UPPERCASEID1.${t.secret}`, `${t.id}.short`]) {
      expect(parseToken(bad)).toBeNull();
    }
  });
});

describe("can()", () => {
  it("roles nest: each role can do at least what the one below can", () => {
    const order = ["viewer", "responder", "communicator", "admin", "owner"] as const;
    for (let i = 1; i < order.length; i++) {
      const lower = order[i - 1] as (typeof order)[number];
      const higher = order[i] as (typeof order)[number];
      for (const action of ROLE_ACTIONS[lower]) expect(ROLE_ACTIONS[higher].has(action), `${higher} ${action}`).toBe(true);
    }
  });

  it("decides by role for members and by scope for tokens", () => {
    const member = (role: "viewer" | "responder" | "owner") => ({
      type: "member" as const,
      id: "x",
      email: "x@y",
      name: "x",
      role,
      sessionId: null,
    });
    expect(can(member("viewer"), "incident.write")).toBe(false);
    expect(can(member("responder"), "incident.write")).toBe(true);
    expect(can(member("responder"), "incident.publish_restricted")).toBe(false);
    expect(can(member("owner"), "team.manage_owners")).toBe(true);
    const token = (scopes: ("read" | "write" | "publish" | "admin")[]) => ({ type: "token" as const, id: "t", name: "t", scopes });
    expect(can(token(["read"]), "console.read")).toBe(true);
    expect(can(token(["read"]), "incident.write")).toBe(false);
    expect(can(token(["write"]), "incident.write")).toBe(true);
    expect(can(token(["admin"]), "team.manage_owners")).toBe(false);
    expect(can(null, "console.read")).toBe(false);
    expect(Object.keys(SCOPE_ACTIONS)).toEqual(["read", "write", "publish", "admin"]);
  });
});
