import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_PATHS } from "../../src/server/cache-routes.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ DISPATCHER: "off" });
});
afterAll(async () => {
  await server?.stop();
});

const PATHS = [...PUBLIC_PATHS, "/history?page=2026-01"];

describe("the public surface on an empty database", () => {
  it("answers every public URL, cacheably, and says honestly that there is nothing yet", async () => {
    for (const path of PATHS) {
      const res = await fetch(server.url + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toContain("stale-if-error=");
      expect(res.headers.get("etag"), path).toBeTruthy();
    }
    const home = await (await fetch(server.url)).text();
    expect(home).toContain("No components yet");
    expect(home).not.toContain("All systems operational");
    const summary = await (await fetch(`${server.url}/api/v2/summary.json`)).json();
    expect(summary).toMatchObject({ components: [], incidents: [], scheduled_maintenances: [], status: { indicator: "none" } });
    expect(summary.page.id).toMatch(/^[0-9a-z]{12}$/);
  });
});
