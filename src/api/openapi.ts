import type { Hono } from "hono";
import { type ZodType, z } from "zod";
import { type Action, ROLE_ACTIONS, SCOPE_ACTIONS } from "../auth/permissions.ts";
import { ERROR_STATUS } from "../lib/errors.ts";
import type { ApiEnv } from "./app.ts";
import { type Operation, operationsOf, PUBLIC_OPERATIONS } from "./introspect.ts";

type Json = Record<string, unknown>;
const schemaOf = (schema: ZodType): Json => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  return rest;
};

/** JSON Schema refs inside one converted schema point at its $defs; in the document they live in components.schemas. */
const toComponentRefs = (value: unknown): unknown => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'));

/**
 * A response body's schema as JSON sees it (io "output"): schemas named with `.meta({ id })` become
 * shared components, so a generated client gets one type per name.
 */
function responseSchemaOf(schema: ZodType, shared: Record<string, Json>): Json {
  const converted = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as Json;
  const { $schema: _ignored, $defs, ...rest } = toComponentRefs(converted) as Json;
  for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, Json>)) shared[name] ??= def;
  return rest;
}

const STATUS_WORDS: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted: the work goes on in the background; read it back for the outcome",
  204: "No Content: done, there is nothing to read back",
};

/** The success answers a route declares with responds(); a route that declares none says so, and a test fails on it. */
function successResponses(route: Operation, shared: Record<string, Json>): Record<string, Json> {
  if (route.answers.length === 0) return { "200": { description: "Success (no response schema declared)" } };
  const responses: Record<string, Json> = {};
  for (const answer of route.answers) {
    const content = answer.schema ? { [answer.contentType]: { schema: responseSchemaOf(answer.schema, shared) } } : undefined;
    for (const status of answer.statuses)
      responses[String(status)] = { description: STATUS_WORDS[status] ?? "Success", ...(content ? { content } : {}) };
  }
  return responses;
}

const ENVELOPE = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "requestId"],
      properties: {
        code: { type: "string", enum: Object.keys(ERROR_STATUS) },
        message: { type: "string" },
        details: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } },
        requestId: { type: "string" },
      },
    },
  },
  example: {
    error: {
      code: "validation_failed",
      message: "The request body is invalid",
      details: [{ path: "title", message: "Required" }],
      requestId: "4c1e…",
    },
  },
};

/** A plausible example value for a JSON Schema, so every documented body has an example. */
export function exampleOf(schema: Json, name = ""): unknown {
  if ("default" in schema) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.anyOf)) return exampleOf(schema.anyOf[0] as Json, name);
  if (Array.isArray(schema.oneOf)) return exampleOf(schema.oneOf[0] as Json, name);
  switch (schema.type) {
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, Json>;
      const required = new Set((schema.required as string[] | undefined) ?? Object.keys(props));
      return Object.fromEntries(
        Object.entries(props)
          .filter(([k]) => required.has(k))
          .map(([k, v]) => [k, exampleOf(v, k)]),
      );
    }
    case "array":
      return schema.items ? [exampleOf(schema.items as Json, name)] : [];
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 1;
    case "boolean":
      return true;
    case "string":
      if (schema.format === "email" || /email/i.test(name)) return "ana@example.com";
      if (schema.format === "uri" || /url/i.test(name)) return "https://example.com/hook";
      if (schema.format === "date-time" || /At$|By$/.test(name)) return "2026-11-26T14:30:00Z";
      if (typeof schema.pattern === "string" && schema.pattern.includes("[0-9a-z]{12}")) return "k7x2m9q4w1zt";
      return name ? `${name} text` : "text";
    default:
      return null;
  }
}

/** Who may call: the roles whose table grants every action, the scopes that grant them. */
function access(actions: Action[]): { roles: string[]; scopes: string[] } {
  const roles = Object.entries(ROLE_ACTIONS)
    .filter(([, set]) => actions.every((a) => set.has(a)))
    .map(([r]) => r);
  const scopes = Object.entries(SCOPE_ACTIONS)
    .filter(([, set]) => actions.some((a) => set.has(a)))
    .map(([s]) => s);
  return { roles, scopes };
}

/**
 * The admin API's OpenAPI 3.1 document, built from the routes themselves: their paths,
 * the zod schemas their validators use and the actions their authorize() guards demand.
 */
export function buildOpenApi(api: Hono<ApiEnv>): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const shared: Record<string, Json> = {};
  for (const route of operationsOf(api)) {
    const id = `${route.method} ${route.path}`;
    const actions = route.actions;
    const isPublic = PUBLIC_OPERATIONS.has(id);
    const who = access(actions);
    const parameters: Json[] = [];
    for (const name of route.path.match(/:(\w+)/g) ?? [])
      parameters.push({ name: name.slice(1), in: "path", required: true, schema: { type: "string" } });
    let requestBody: Json | undefined;
    for (const v of route.validates) {
      const schema = schemaOf(v.schema);
      if (v.target === "json") requestBody = { required: true, content: { "application/json": { schema, example: exampleOf(schema) } } };
      if (v.target === "query") {
        const props = (schema.properties ?? {}) as Record<string, Json>;
        const required = new Set((schema.required as string[] | undefined) ?? []);
        for (const [name, s] of Object.entries(props)) parameters.push({ name, in: "query", required: required.has(name), schema: s });
      }
    }
    const errors: Record<string, Json> = {
      "400": {
        description: "validation_failed or malformed_json",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
      "415": {
        description: "unsupported_media_type: send JSON",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
      "413": { description: "payload_too_large", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
      "429": {
        description: "rate_limited (Retry-After)",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    };
    if (!isPublic) {
      errors["401"] = {
        description: "unauthorized: no valid session or token",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
      errors["403"] = {
        description: "forbidden or origin_mismatch",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    if (route.path.includes(":"))
      errors["404"] = { description: "not_found", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    if (route.method !== "GET")
      errors["409"] = {
        description: "conflict: the change does not fit the current state",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    const openApiPath = route.path.replace(/:(\w+)/g, "{$1}");
    paths[openApiPath] ??= {};
    (paths[openApiPath] as Record<string, Json>)[route.method.toLowerCase()] = {
      operationId: `${route.method.toLowerCase()}${openApiPath.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      tags: [route.path.split("/")[3] ?? "api"],
      summary: isPublic ? "Public" : `Requires ${actions.join(" + ")}`,
      description: isPublic
        ? "No authentication needed."
        : `Roles: ${who.roles.join(", ") || "none"}. Token scopes: ${who.scopes.join(", ") || "none"}.`,
      "x-clarion-actions": actions,
      "x-clarion-scopes": who.scopes,
      ...(isPublic ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: { ...successResponses(route, shared), ...errors },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Clarion admin API",
      version: "1",
      description: "Incidents, updates, audiences, subscribers and the team. Every error is the envelope in components.schemas.Error.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token: clarion_<id>.<secret>" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "clarion_session",
          description: "The console's session; state changes also need a same-origin request",
        },
      },
      schemas: { ...shared, Error: ENVELOPE },
    },
    paths,
  };
}
