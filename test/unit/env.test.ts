import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "../../src/env.ts";

describe("loadEnv", () => {
  it("runs a fresh machine on defaults", () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(4321);
    expect(env.DATABASE_URL).toBe("file:./data/clarion.db");
    expect(env.RESEND_API_KEY).toBeUndefined();
  });

  it("names every bad variable", () => {
    try {
      loadEnv({ PORT: "eighty", DATABASE_URL: "postgres://x", RESEND_API_KEY: "abc" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      const message = (err as EnvError).message;
      expect(message).toContain("PORT");
      expect(message).toContain("DATABASE_URL");
      expect(message).toContain("RESEND_API_KEY: must start with re_");
    }
  });

  it("treats empty strings as unset", () => {
    expect(loadEnv({ PUBLIC_URL: "", PORT: "" }).PORT).toBe(4321);
  });

  it("parses booleans", () => {
    expect(loadEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(loadEnv({ TRUST_PROXY: "0" }).TRUST_PROXY).toBe(false);
  });
});
