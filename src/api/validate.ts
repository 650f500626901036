import { zValidator } from "@hono/zod-validator";
import type { MiddlewareHandler, ValidationTargets } from "hono";
import type { ZodType } from "zod";
import { AppError, ValidationError, zodDetails } from "../lib/errors.ts";

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
export const MAX_JSON_DEPTH = 20;

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_JSON_DEPTH || value === null || typeof value !== "object") return depth;
  let max = depth;
  for (const v of Object.values(value)) max = Math.max(max, depthOf(v, depth + 1));
  return max;
}

/** Reads a JSON body once: right content type (415), parsable (400), not too deep (400). */
export const jsonBodyGuard: MiddlewareHandler = async (c, next) => {
  if (!["POST", "PUT", "PATCH", "DELETE"].includes(c.req.method)) return next();
  if (c.req.raw.body === null || c.req.header("content-length") === "0") return next();
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim() ?? "";
  if (!JSON_TYPE.test(type)) throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError("malformed_json", "The request body is not valid JSON");
  }
  if (depthOf(body) > MAX_JSON_DEPTH) throw new ValidationError(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  return next();
};

/**
 * zValidator whose failures become the error envelope, naming each field. The middleware
 * carries its target and schema, so the OpenAPI document is generated from the same schemas.
 */
export function valid<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  const middleware = zValidator(target, schema, (result) => {
    if (!result.success) {
      const where = target === "json" ? "body" : target;
      throw new ValidationError(`The request ${where} is invalid`, zodDetails(result.error.issues));
    }
  });
  return Object.assign(middleware, { validates: { target, schema } as { target: string; schema: ZodType } });
}
