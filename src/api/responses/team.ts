import { z } from "zod";
import { ROLES, SCOPES } from "../../services/team/schemas.ts";
import { Instant } from "./common.ts";

/** The team, its invitations, API tokens, sessions and the audit log as the admin API answers them. */
const Role = z.enum(ROLES);

export const Member = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: Role, disabled: z.boolean(), createdAt: Instant })
  .meta({ id: "Member" });
export const Invitation = z
  .object({ id: z.string(), email: z.string(), role: Role, createdAt: Instant, expiresAt: Instant })
  .meta({ id: "Invitation" });
export const Team = z.object({ members: z.array(Member), invitations: z.array(Invitation) });

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.enum(SCOPES)),
    createdAt: Instant,
    expiresAt: Instant.nullable(),
    lastUsedAt: Instant.nullable(),
    revoked: z.boolean(),
  })
  .meta({ id: "ApiToken" });
export const ApiTokenList = z.object({ tokens: z.array(ApiToken) });
export const CreatedApiToken = ApiToken.extend({ token: z.string().describe("the secret, shown only in this answer") });

export const LoggedIn = z.object({
  member: z.object({ id: z.string(), email: z.string(), name: z.string(), role: Role }),
  expiresAt: Instant,
});

/** Who is calling: a team member, an API token, or the system. */
export const Me = z.discriminatedUnion("type", [
  z.object({ type: z.literal("member"), id: z.string(), email: z.string(), name: z.string(), role: Role }),
  z.object({ type: z.literal("token"), id: z.string(), name: z.string(), scopes: z.array(z.enum(SCOPES)) }),
  z.object({ type: z.literal("system"), id: z.null(), name: z.string() }),
]);
export const PasswordChanged = z.object({ ok: z.literal(true) });
export const SessionList = z.object({
  sessions: z.array(
    z.object({
      id: z.string(),
      current: z.boolean(),
      createdAt: Instant,
      lastSeenAt: Instant,
      expiresAt: Instant,
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
    }),
  ),
});

const JsonObject = z.record(z.string(), z.unknown());
export const AuditLog = z.object({
  events: z.array(
    z.object({
      id: z.number().int(),
      at: Instant,
      actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
      action: z.string(),
      resource: z.object({ type: z.string(), id: z.string().nullable() }),
      before: JsonObject.nullable(),
      after: JsonObject.nullable(),
      requestId: z.string().nullable(),
      ip: z.string().nullable(),
    }),
  ),
  nextBefore: z.number().int().nullable().describe("pass as `before` for the next page; null on the last page"),
});
