import { describe, expect, it } from "vitest";
import { ARGON2_PARAMS, hashPassword, passwordProblem, verifyPassword } from "../../src/auth/passwords.ts";

describe("passwords", () => {
  it("hash with argon2id (>= 19 MiB, t >= 2) and verify", async () => {
    expect(ARGON2_PARAMS.memoryCost).toBeGreaterThanOrEqual(19 * 1024);
    expect(ARGON2_PARAMS.timeCost).toBeGreaterThanOrEqual(2);
    const h = await hashPassword("correct horse battery staple");
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(h, "correct horse battery stapler")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });

  it("accept 8…256 characters with no composition rules, refuse common ones", () => {
    expect(passwordProblem("short")).toMatch(/at least 8/);
    expect(passwordProblem("x".repeat(257))).toMatch(/at most 256/);
    expect(passwordProblem("all lowercase words here")).toBeNull();
    expect(passwordProblem("Password123")).toMatch(/common/);
    expect(passwordProblem("qwertyuiop")).toMatch(/common/);
    expect(passwordProblem("aaaaaaaaaa")).toMatch(/common/);
    expect(passwordProblem("janedoe1", { email: "janedoe1@example.com" })).toMatch(/email/);
  });
});
