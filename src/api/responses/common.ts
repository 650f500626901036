import { z } from "zod";

/** An instant in JSON: ISO 8601 in UTC, e.g. `2026-11-26T14:30:00.000Z`. */
export const Instant = z.iso.datetime().meta({ id: "Instant", description: "ISO 8601 in UTC" });

/** Who may see a thing: everyone, the team only, or the named audiences. */
export const Visibility = z
  .union([z.literal("public"), z.literal("internal"), z.array(z.string())])
  .meta({ id: "Visibility", description: '"public", "internal", or the slugs of the audiences that may see it' });

/** A new item's id only. */
export const Created = z.object({ id: z.string() }).meta({ id: "Created" });

/** `GET /api/admin`: where to read about the API. */
export const ApiIndex = z.object({ name: z.string(), documentation: z.string().describe("the path of this OpenAPI document") });
/** `GET /api/admin/openapi.json`: this document (OpenAPI 3.1). */
export const OpenApiDocument = z.record(z.string(), z.unknown()).describe("an OpenAPI 3.1 document");
