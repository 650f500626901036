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
    expect(loadEnv({ WEBHOOK_ALLOW_PRIVATE: "true" }).WEBHOOK_ALLOW_PRIVATE).toBe(true);
    expect(loadEnv({ WEBHOOK_ALLOW_PRIVATE: "0" }).WEBHOOK_ALLOW_PRIVATE).toBe(false);
  });

  it("reads TRUST_PROXY as a number of proxy hops, true meaning one", () => {
    expect(loadEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(1);
    expect(loadEnv({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(0);
    expect(loadEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(loadEnv({}).TRUST_PROXY).toBe(0);
    expect(() => loadEnv({ TRUST_PROXY: "lots" })).toThrow(/TRUST_PROXY/);
  });
});
