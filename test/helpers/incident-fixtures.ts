import { count } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { audienceMember, type ComponentStatus, component, componentGroup, subscriber, subscription } from "../../db/schema/index.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { hashSecret } from "../../src/auth/secrets.ts";
import type { Deps } from "../../src/deps.ts";
import { newId, randomSecret } from "../../src/lib/ids.ts";
import { ensureBuiltinAudiences } from "../../src/services/audiences/builtin.ts";
import { createAudience } from "../../src/services/audiences/create.ts";

/** Rows in a table: tests count before and after a failed request to prove nothing was written. */
export async function rowCount(deps: Pick<Deps, "db">, table: SQLiteTable): Promise<number> {
  const [row] = await deps.db.select({ n: count() }).from(table);
  return row?.n ?? 0;
}

export async function counts(deps: Pick<Deps, "db">, tables: Record<string, SQLiteTable>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, t] of Object.entries(tables)) out[name] = await rowCount(deps, t);
  return out;
}

export async function seedComponent(
  deps: Pick<Deps, "db" | "clock">,
  name: string,
  visibility = "public",
  options: { groupId?: string; status?: ComponentStatus } = {},
): Promise<string> {
  const id = newId();
  const now = deps.clock.now();
  await deps.db.insert(component).values({
    id,
    name,
    visibility,
    groupId: options.groupId ?? null,
    status: options.status ?? "operational",
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

export async function seedGroup(deps: Pick<Deps, "db" | "clock">, name: string, visibility = "public"): Promise<string> {
  const id = newId();
  const now = deps.clock.now();
  await deps.db.insert(componentGroup).values({ id, name, visibility, createdAt: now, updatedAt: now });
  return id;
}

/** Built-ins plus custom audiences with a domain rule each: slug → domain. */
export async function seedAudiences(deps: Pick<Deps, "db" | "clock">, domains: Record<string, string>): Promise<void> {
  await ensureBuiltinAudiences(deps.db, deps.clock);
  let precedence = 10;
  for (const [slug, domain] of Object.entries(domains)) {
    await createAudience(deps, { actor: SYSTEM }, { slug, name: slug, domains: [domain], precedence: precedence++ });
  }
}

/** A confirmed subscriber (email unless a channel is given), following everything or the given targets. */
export async function seedSubscriber(
  deps: Pick<Deps, "db" | "clock">,
  target: string,
  options: {
    channel?: "email" | "webhook" | "slack" | "teams" | "discord" | "google_chat";
    follows?: { type: "component" | "group" | "incident"; id: string }[];
    audienceId?: string;
    confirmed?: boolean;
    unsubscribed?: boolean;
    language?: string;
  } = {},
): Promise<string> {
  const id = newId();
  const now = deps.clock.now();
  await deps.db.insert(subscriber).values({
    id,
    channel: options.channel ?? "email",
    target,
    allComponents: !options.follows?.length,
    ...(options.language ? { language: options.language } : {}),
    confirmedAt: options.confirmed === false ? null : now,
    unsubscribedAt: options.unsubscribed ? now : null,
    unsubscribeTokenHash: Buffer.from(hashSecret(randomSecret())),
    createdAt: now,
    updatedAt: now,
  });
  for (const f of options.follows ?? [])
    await deps.db.insert(subscription).values({ subscriberId: id, targetType: f.type, targetId: f.id });
  if (options.audienceId) await deps.db.insert(audienceMember).values({ audienceId: options.audienceId, subscriberId: id });
  return id;
}

/** A JSON request to the admin API as a member. */
export function callApi(
  api: { request(path: string, init: RequestInit): Response | Promise<Response> },
  who: { cookieHeaders: Record<string, string> },
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return Promise.resolve(
    api.request(`/api/admin${path}`, {
      method,
      headers: { ...who.cookieHeaders, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}
