import type { MiddlewareHandler } from "hono";
import type { ZodType } from "zod";

/** What a route answers on success: its status code(s), and the body's schema and media type (none for 204). */
export interface Answer {
  statuses: number[];
  schema?: ZodType;
  contentType: string;
}

/**
 * Declares a route's success answer. It does nothing at run time; it carries the schema so the
 * OpenAPI document (and the test that checks real answers against it) read it off the route.
 */
export function responds(
  status: 200 | 201 | 202 | 204 | (200 | 201 | 202)[],
  schema?: ZodType,
  contentType = "application/json",
): MiddlewareHandler & { responds: Answer } {
  const middleware: MiddlewareHandler = (_c, next) => next();
  const statuses = Array.isArray(status) ? status : [status];
  return Object.assign(middleware, { responds: { statuses, schema, contentType } });
}

/** `204 No Content`: the change is made and there is nothing to read back. */
export const noContent = (): ReturnType<typeof responds> => responds(204);
