import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../helpers/server.ts";

let open: RunningServer;
let guarded: RunningServer;
const TOKEN = "metrics-token-0123456789";
beforeAll(async () => {
  [open, guarded] = await Promise.all([startServer(), startServer({ METRICS_TOKEN: TOKEN })]);
});
afterAll(async () => {
  await Promise.all([open?.stop(), guarded?.stop()]);
});

describe("/metrics", () => {
  it("exposes request, cache, outbox, incident and promise series in Prometheus text format", async () => {
    for (let i = 0; i < 3; i++) await fetch(`${open.url}/`);
    await fetch(`${open.url}/api/admin/nope`);
    const res = await fetch(`${open.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await res.text();
    for (const series of [
      'clarion_http_requests_total{group="public_page",method="GET",status="200"}',
      'clarion_http_requests_total{group="admin_api",method="GET",status="404"}',
      "clarion_http_request_duration_seconds_bucket{group=",
      'clarion_cache_requests_total{result="hit"}',
      "clarion_outbox_oldest_pending_seconds 0",
      "clarion_dead_letters 0",
      "# TYPE clarion_incidents_open gauge",
      "clarion_update_promises_overdue 0",
      "# TYPE clarion_outbox_deliveries gauge",
    ]) {
      expect(text, series).toContain(series);
    }
  });

  it("needs the bearer token when METRICS_TOKEN is set", async () => {
    expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${guarded.url}/metrics`, { headers: { authorization: "Bearer wrong-token-000000000" } })).status).toBe(401);
    expect((await fetch(`${guarded.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});
