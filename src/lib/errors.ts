/** Every error a client can cause has a code; one map turns codes into HTTP statuses. */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  malformed_json: 400,
  unauthorized: 401,
  forbidden: 403,
  origin_mismatch: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
  database_busy: 503,
  storage_full: 503,
  database_unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  path?: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetail[];
  readonly headers?: Record<string, string>;
  constructor(code: ErrorCode, message: string, details?: ErrorDetail[], headers?: Record<string, string>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: ErrorDetail[]) {
    super("validation_failed", message, details);
  }
}
export class NotFoundError extends AppError {
  constructor(what: string) {
    super("not_found", `${what} was not found`);
  }
}
export class ConflictError extends AppError {
  constructor(message: string) {
    super("conflict", message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "You are not allowed to do this") {
    super("forbidden", message);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = "Sign in or send a valid API token") {
    super("unauthorized", message);
  }
}
export class RateLimitError extends AppError {
  constructor(retryAfterSeconds: number) {
    super("rate_limited", `Too many requests; try again in ${retryAfterSeconds} s`, undefined, {
      "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))),
    });
  }
}

const FAULT_CODES = {
  busy: ["database_busy", 2],
  full: ["storage_full", 30],
  unavailable: ["database_unavailable", 10],
  unreachable: ["database_unavailable", 5],
} as const;

/**
 * A database fault (db/faults.ts's DatabaseFaultError, found through drizzle's `cause`) as a 503
 * with Retry-After and the fault's own words; null for anything else. Matched by shape so this
 * module does not depend on the database layer.
 */
export function databaseFaultError(err: unknown): AppError | null {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { name, fault, message } = e as { name?: unknown; fault?: unknown; message?: string };
    if (name !== "DatabaseFaultError" || typeof fault !== "string" || !(fault in FAULT_CODES)) continue;
    const [code, retryAfter] = FAULT_CODES[fault as keyof typeof FAULT_CODES];
    return new AppError(code, message ?? "The database is unavailable", undefined, { "Retry-After": String(retryAfter) });
  }
  return null;
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[]; requestId: string };
}

export function errorEnvelope(err: AppError, requestId: string): ErrorEnvelope {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details?.length ? { details: err.details } : {}),
      requestId,
    },
  };
}

/** Turns zod issues into envelope details that name the field. */
export function zodDetails(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): ErrorDetail[] {
  return issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message }));
}
