import { HTTPException } from "hono/http-exception";
import type { Deps } from "../deps.ts";
import { AppError, databaseFaultError, errorEnvelope, isAppError } from "../lib/errors.ts";
import { errorFields } from "../lib/logger.ts";

/** Maps anything thrown inside the API to the one envelope; unknown errors are logged, never echoed. */
export function apiErrorResponse(err: unknown, requestId: string, deps: Deps): Response {
  let appError: AppError;
  const fault = databaseFaultError(err);
  if (isAppError(err)) appError = err;
  else if (fault) {
    deps.logger.warn("database fault", { requestId, code: fault.code });
    appError = fault;
  } else if (err instanceof HTTPException && err.status < 500) {
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
