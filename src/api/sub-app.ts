import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Deps } from "../deps.ts";
import { AppError } from "../lib/errors.ts";
import { apiErrorResponse } from "./error-response.ts";

/** What every sub-app under /api keeps per request; the outer server passes its request id and the client's address. */
export type SubAppEnv = { Variables: { requestId: string }; Bindings: { requestId?: string; ip?: string } };

export interface SubAppOptions {
  basePath: string;
  maxBodyBytes: number;
  /** The words for a body over the limit, e.g. "The payload is larger than 5 MiB". */
  tooLarge: string;
  /** The words for an unknown path. */
  notFound: (method: string, path: string) => string;
}

/**
 * The prologue the admin, intake and webhook apps share: the request's own id (the server's, or
 * X-Request-Id, or a new one), `Cache-Control: no-store`, a bounded body, and errors in the one envelope.
 */
export function createSubApp<E extends SubAppEnv>(deps: Deps, options: SubAppOptions): Hono<E> {
  const app = new Hono<E>().basePath(options.basePath);
  app.use(async (c, next) => {
    c.set("requestId", c.env?.requestId ?? c.req.header("x-request-id")?.slice(0, 64) ?? crypto.randomUUID());
    await next();
    c.header("Cache-Control", "no-store");
  });
  app.use(
    bodyLimit({
      maxSize: options.maxBodyBytes,
      onError: () => {
        throw new AppError("payload_too_large", options.tooLarge);
      },
    }),
  );
  app.notFound((c) =>
    apiErrorResponse(new AppError("not_found", options.notFound(c.req.method, c.req.path)), c.get("requestId") ?? "unknown", deps),
  );
  app.onError((err, c) => apiErrorResponse(err, c.get("requestId") ?? "unknown", deps));
  return app;
}
