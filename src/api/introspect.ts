import type { Hono } from "hono";
import type { ZodType } from "zod";
import type { Action } from "../auth/permissions.ts";
import type { ApiEnv } from "./app.ts";
import type { Answer } from "./responds.ts";

/** One operation of the admin API as its own middlewares describe it. */
export interface Operation {
  method: string;
  path: string;
  /** Every action the authorize() guards in front of it demand (all must be allowed). */
  actions: Action[];
  /** What its valid() middlewares check, by target (json, query, param). */
  validates: { target: string; schema: ZodType }[];
  /** What its responds() markers declare it answers on success (empty when none is declared). */
  answers: Answer[];
}

/** Operations that answer without a session or token. */
export const PUBLIC_OPERATIONS = new Set([
  "GET /api/admin",
  "GET /api/admin/openapi.json",
  "POST /api/admin/session",
  "DELETE /api/admin/session",
]);

/**
 * Reads the operations off the app: authorize() carries its action and valid() its schema,
 * so the OpenAPI document and the authorization tests describe exactly what runs.
 */
export function operationsOf(api: Hono<ApiEnv>): Operation[] {
  const metas = api.routes.map((r) => ({
    method: r.method,
    path: r.path,
    action: (r.handler as { action?: Action }).action,
    validates: (r.handler as { validates?: Operation["validates"][number] }).validates,
    answer: (r.handler as { responds?: Answer }).responds,
  }));
  const guards = metas.filter((m) => m.action);
  const byId = new Map<string, Operation>();
  for (const route of metas) {
    const id = `${route.method} ${route.path}`;
    if (route.method === "ALL" || byId.has(id)) continue;
    const covers = (g: (typeof metas)[number]) =>
      g.method === "ALL"
        ? route.path === g.path.replace(/\/\*$/, "") || route.path.startsWith(g.path.replace(/\*$/, ""))
        : g.method === route.method && g.path === route.path;
    byId.set(id, {
      method: route.method,
      path: route.path,
      actions: [...new Set(guards.filter(covers).map((g) => g.action as Action))],
      validates: metas
        .filter((m) => m.method === route.method && m.path === route.path && m.validates)
        .map((m) => m.validates as Operation["validates"][number]),
      answers: metas.filter((m) => m.method === route.method && m.path === route.path && m.answer).map((m) => m.answer as Answer),
    });
  }
  return [...byId.values()];
}
