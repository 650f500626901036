import { and, desc, eq, isNull } from "drizzle-orm";
import { apiToken } from "../../../db/schema/index.ts";
import { API_TOKEN_PREFIX } from "../../auth/api-tokens.ts";
import { authorize, type ServiceContext } from "../../auth/context.ts";
import { memberIdOf } from "../../auth/permissions.ts";
import { issueToken } from "../../auth/secrets.ts";
import type { Deps } from "../../deps.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { recordAudit } from "../audit/record.ts";
import type { CreateToken } from "../team/schemas.ts";

export interface TokenView {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
}

const view = (t: typeof apiToken.$inferSelect): TokenView => ({
  id: t.id,
  name: t.name,
  scopes: t.scopes,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revoked: t.revokedAt !== null,
});

/** A token minted by a token belongs to that token's member, so disabling the member revokes both. */
async function creatorOf(deps: Deps, ctx: ServiceContext): Promise<string | null> {
  if (ctx.actor.type !== "token") return memberIdOf(ctx.actor);
  const [minter] = await deps.db.select({ createdBy: apiToken.createdBy }).from(apiToken).where(eq(apiToken.id, ctx.actor.id));
  return minter?.createdBy ?? null;
}

/** Creates a named, scoped token. The secret is returned this once; only its hash is kept. */
export async function createApiToken(deps: Deps, ctx: ServiceContext, input: CreateToken): Promise<TokenView & { token: string }> {
  authorize(ctx, "token.manage");
  const issued = issueToken(API_TOKEN_PREFIX);
  const now = deps.clock.now();
  const scopes = [...new Set(input.scopes)];
  const row = {
    id: issued.id,
    name: input.name,
    scopes,
    secretHash: Buffer.from(issued.secretHash),
    createdBy: await creatorOf(deps, ctx),
    createdAt: now,
    expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
  };
  await deps.db.transaction(async (tx) => {
    await tx.insert(apiToken).values(row);
    await recordAudit(tx, deps.clock, ctx, {
      action: "token.created",
      resourceType: "api_token",
      resourceId: row.id,
      after: { name: row.name, scopes, expiresAt: row.expiresAt },
    });
  });
  return { ...view({ ...row, lastUsedAt: null, revokedAt: null }), token: issued.token };
}

export async function listApiTokens(deps: Deps): Promise<TokenView[]> {
  const rows = await deps.db.select().from(apiToken).orderBy(desc(apiToken.createdAt));
  return rows.map(view);
}

export async function revokeApiToken(deps: Deps, ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, "token.manage");
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiToken)
      .set({ revokedAt: deps.clock.now() })
      .where(and(eq(apiToken.id, id), isNull(apiToken.revokedAt)))
      .returning();
    if (!row) throw new NotFoundError("Active API token");
    await recordAudit(tx, deps.clock, ctx, {
      action: "token.revoked",
      resourceType: "api_token",
      resourceId: id,
      before: { name: row.name, scopes: row.scopes },
    });
  });
}
