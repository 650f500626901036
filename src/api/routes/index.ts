import type { Hono } from "hono";
import type { ApiEnv } from "../app.ts";

/** Every resource's sub-app, joined under /api/admin. One line per resource. */
export function mountRoutes(api: Hono<ApiEnv>): void {
  void api;
}
