import type { Hono } from "hono";
import type { Actor } from "../auth/permissions.ts";
import type { Deps } from "../deps.ts";
import { authenticate } from "./middleware/auth.ts";
import { buildOpenApi } from "./openapi.ts";
import { responds } from "./responds.ts";
import { ApiIndex, OpenApiDocument } from "./responses/common.ts";
import { mountRoutes } from "./routes/index.ts";
import { createSubApp } from "./sub-app.ts";
import { jsonBodyGuard } from "./validate.ts";

export interface ApiVariables {
  deps: Deps;
  requestId: string;
  ip: string | undefined;
  actor: Actor | null;
}
/** What the outer server passes in: its request id and the client's address. */
export interface ApiBindings {
  requestId?: string;
  ip?: string;
}
export type ApiEnv = { Variables: ApiVariables; Bindings: ApiBindings };

export const API_BODY_LIMIT = 1024 * 1024;

/** The admin API: one small sub-app per resource, joined with route(). Mounted at /api/admin. */
export function createApi(deps: Deps): Hono<ApiEnv> {
  const api = createSubApp<ApiEnv>(deps, {
    basePath: "/api/admin",
    maxBodyBytes: API_BODY_LIMIT,
    tooLarge: `The request body is larger than ${API_BODY_LIMIT / 1024} KiB`,
    notFound: (method, path) => `No route for ${method} ${path}`,
  });
  api.use(async (c, next) => {
    c.set("deps", deps);
    c.set("ip", c.env?.ip);
    await next();
  });
  api.use(jsonBodyGuard);
  api.use(authenticate);
  api.get("/", responds(200, ApiIndex), (c) => c.json({ name: "Clarion admin API", documentation: "/api/admin/openapi.json" }));
  mountRoutes(api);
  let document: unknown; // built on first request, kept for the app's life: the route table is fixed once mounted
  api.get("/openapi.json", responds(200, OpenApiDocument), (c) => {
    document ??= buildOpenApi(api);
    return c.json(document);
  });
  return api;
}
