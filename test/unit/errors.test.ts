import { describe, expect, it } from "vitest";
import { AppError, ERROR_STATUS, errorEnvelope, RateLimitError, ValidationError, zodDetails } from "../../src/lib/errors.ts";
import { ID_PATTERN, newId, randomSecret } from "../../src/lib/ids.ts";

describe("error model", () => {
  // The database faults (another process's lock, a full disk, a missing file) are the server's, not the client's.
  const SERVER_SIDE = new Set(["internal_error", "unavailable", "database_busy", "storage_full", "database_unavailable"]);
  it("maps every code to a status, client errors below 500", () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      if (SERVER_SIDE.has(code)) expect(status).toBeGreaterThanOrEqual(500);
      else expect(status).toBeLessThan(500);
    }
  });

  it("builds the envelope with details only when present", () => {
    expect(errorEnvelope(new AppError("not_found", "gone"), "r1")).toEqual({
      error: { code: "not_found", message: "gone", requestId: "r1" },
    });
    const withDetails = errorEnvelope(new ValidationError("bad", [{ path: "title", message: "required" }]), "r2");
    expect(withDetails.error.details).toEqual([{ path: "title", message: "required" }]);
  });

  it("rate limit errors carry Retry-After", () => {
    expect(new RateLimitError(2.2).headers).toEqual({ "Retry-After": "3" });
  });

  it("names nested fields from zod paths", () => {
    expect(
      zodDetails([
        { path: ["components", 0, "id"], message: "x" },
        { path: [], message: "y" },
      ]),
    ).toEqual([
      { path: "components.0.id", message: "x" },
      { path: "(root)", message: "y" },
    ]);
  });
});

describe("ids", () => {
  it("are 12-character lowercase base-36 and do not repeat", () => {
    const ids = new Set(Array.from({ length: 5000 }, newId));
    expect(ids.size).toBe(5000);
    for (const id of ids) expect(id).toMatch(ID_PATTERN);
  });

  it("secrets carry at least 128 bits", () => {
    expect(randomSecret().length).toBeGreaterThanOrEqual(32);
    expect(randomSecret()).not.toBe(randomSecret());
  });
});
