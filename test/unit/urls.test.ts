import { describe, expect, it } from "vitest";
import { baseUrl } from "../../src/lib/urls.ts";

const local = { HOST: "127.0.0.1", PORT: 4321, PUBLIC_URL: undefined };

describe("baseUrl", () => {
  it("prefers PUBLIC_URL, without its trailing slash", () => {
    expect(baseUrl({ ...local, PUBLIC_URL: "https://status.example.com/" }, "http://10.0.0.5:4321")).toBe("https://status.example.com");
  });

  it("falls back to the request's origin, then to the local server", () => {
    expect(baseUrl(local, "http://10.0.0.5:4321")).toBe("http://10.0.0.5:4321");
    expect(baseUrl(local)).toBe("http://127.0.0.1:4321");
  });
});
