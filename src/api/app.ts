import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { Actor } from "../auth/permissions.ts";
import type { Deps } from "../deps.ts";
import { AppError, errorEnvelope, isAppError } from "../lib/errors.ts";
import { errorFields } from "../lib/logger.ts";
import { authenticate } from "./middleware/auth.ts";
import { buildOpenApi } from "./openapi.ts";
import { mountRoutes } from "./routes/index.ts";
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

/** Maps anything thrown inside the API to the one envelope; unknown errors are logged, never echoed. */
export function apiErrorResponse(err: unknown, requestId: string, deps: Deps): Response {
  let appError: AppError;
  if (isAppError(err)) appError = err;
  else if (err instanceof HTTPException && err.status < 500) {
    appError = new AppError(err.status === 413 ? "payload_too_large" : "bad_request", err.message || "Bad request");
  } else {
    deps.logger.error("unhandled error", { requestId, ...errorFields(err) });
    appError = new AppError("internal_error", "Internal error; the request id identifies it in the server log");
  }
  return Response.json(errorEnvelope(appError, requestId), {
    status: appError.status,
    headers: { "Cache-Control": "no-store", ...appError.headers },
  });
}

/** The admin API: one small sub-app per resource, joined with route(). Mounted at /api/admin. */
export function createApi(deps: Deps): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>().basePath("/api/admin");
  api.use(async (c, next) => {
    c.set("deps", deps);
    c.set("requestId", c.env?.requestId ?? c.req.header("x-request-id")?.slice(0, 64) ?? crypto.randomUUID());
    c.set("ip", c.env?.ip);
    await next();
    c.header("Cache-Control", "no-store");
  });
  api.use(
    bodyLimit({
      maxSize: API_BODY_LIMIT,
      onError: () => {
        throw new AppError("payload_too_large", `The request body is larger than ${API_BODY_LIMIT / 1024} KiB`);
      },
    }),
  );
  api.use(jsonBodyGuard);
  api.use(authenticate);
  api.get("/", (c) => c.json({ name: "Clarion admin API", documentation: "/api/admin/openapi.json" }));
  mountRoutes(api);
  let document: unknown; // built on first request, kept for the app's life: the route table is fixed once mounted
  api.get("/openapi.json", (c) => {
    document ??= buildOpenApi(api);
    return c.json(document);
  });
  api.notFound((c) =>
    apiErrorResponse(
      new AppError("not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`),
      c.get("requestId") ?? "unknown",
      deps,
    ),
  );
  api.onError((err, c) => apiErrorResponse(err, c.get("requestId") ?? "unknown", deps));
  return api;
}
