import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { capturedEmail, delivery } from "../../db/schema/index.ts";
import type { Deps } from "../../src/deps.ts";
import { loadEnv } from "../../src/env.ts";
import { fixedClock } from "../../src/lib/clock.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import { createDispatcher } from "../../src/notify/dispatcher.ts";
import { capturedMailer } from "../../src/notify/mailer.ts";
import { RateBucket } from "../../src/notify/rate-bucket.ts";
import { reserveBatch } from "../../src/notify/reserve.ts";
import { ANONYMOUS } from "../../src/projection/index.ts";
import { loadStatusPage } from "../../src/services/public/page.ts";
import { selfServiceContext } from "../../src/services/subscribers/actors.ts";
import { confirmSubscription } from "../../src/services/subscribers/confirm.ts";
import { SubscribeInput } from "../../src/services/subscribers/schemas.ts";
import { subscribe } from "../../src/services/subscribers/subscribe.ts";
import { publishUpdate } from "../../src/services/updates/publish.ts";
import { createMember, type TestMember } from "../helpers/actors.ts";
import { diskMigrations } from "../helpers/db.ts";
import {
  publishUpdate as addUpdate,
  makeAudience,
  makeComponent,
  makeGroup,
  makeSubscribers,
  publishIncident,
} from "../helpers/factories.ts";
import { type LibsqlServer, startLibsqlServer } from "../helpers/libsql-server.ts";

/**
 * Round-trip budgets for the hot paths, against the libSQL server stand-in (in-process, so the
 * normal suite runs this too). On a libSQL server every statement is a network round trip, so a
 * query in a loop turns into a delay that grows with the data. Each scenario has several of
 * whatever a loop would run over (components, incidents, subscribers), so one query per item
 * breaks its budget; a failure prints the SQL of every round trip.
 */
let server: LibsqlServer;
let dir: string;
let handle: DbHandle;
let deps: Deps & { clock: ReturnType<typeof fixedClock> };
let communicator: TestMember;
let components: string[];
let incidentIds: string[];
const DB = "budgets";

/** Runs `fn` and fails, listing each round trip's SQL, when it took more HTTP requests to the server than `budget`. */
async function withinBudget<T>(budget: number, fn: () => Promise<T>): Promise<{ result: T; trips: number }> {
  server.trace = [];
  const before = server.countsFor(DB).pipelines;
  try {
    const result = await fn();
    const trips = server.countsFor(DB).pipelines - before;
    const trace = server.trace.map((sqls, i) => `  ${i + 1}. ${sqls.join(" | ").slice(0, 240)}`).join("\n");
    expect(trips, `${trips} round trips (budget ${budget}):\n${trace}`).toBeLessThanOrEqual(budget);
    return { result, trips };
  } finally {
    server.trace = null;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "clarion-round-trips-"));
  server = await startLibsqlServer({ dir });
  handle = await createDb(server.databaseUrl(DB));
  await migrate(handle.client, diskMigrations());
  const env = loadEnv({ NODE_ENV: "test", DATABASE_URL: server.databaseUrl(DB), PUBLIC_URL: "http://status.test" });
  const clock = fixedClock("2026-03-02T12:00:00Z");
  deps = { db: handle.db, env, clock, logger: silentLogger, mailer: capturedMailer(handle.db, clock, env.MAIL_FROM) };
  communicator = await createMember(deps, "communicator");
  await makeAudience(deps, "acme", ["acme.com"]);
  const groups = [(await makeGroup(deps, { name: "Core" })).id, (await makeGroup(deps, { name: "Edge" })).id];
  components = [];
  for (let i = 0; i < 8; i++) components.push((await makeComponent(deps, { name: `Component ${i}`, groupId: groups[i % 2] ?? null })).id);
  incidentIds = [];
  for (let i = 0; i < 4; i++) {
    const { incidentId } = await publishIncident(deps, {
      body: `Incident ${i}`,
      components: [components[i] as string],
      variants: { acme: "For Acme" },
    });
    incidentIds.push(incidentId);
    deps.clock.advance(60_000);
  }
  await loadStatusPage(deps, ANONYMOUS); // a first visit stores the default page settings, once per install
});
afterAll(async () => {
  handle.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("round trips to a libSQL server on the hot paths", () => {
  it("publishing an update (with a variant, moving five components) takes 14", async () => {
    // In one write transaction: the incident (BEGIN travels with it), audiences for the variant,
    // the components' visibility, the update, its messages, the components' statuses, their
    // links, their live status, their status changes (one statement each, whatever the count),
    // the incident, the outbox row, the audit row, the content version; then COMMIT.
    const moved = components.slice(0, 5).map((id) => ({ id, status: "partial_outage" as const }));
    const { result, trips } = await withinBudget(14, () =>
      publishUpdate(deps, communicator.ctx, incidentIds[0] as string, {
        status: "identified",
        body: "Found it",
        variants: [{ audience: "acme", body: "Acme: found it" }],
        internalNote: "the cache",
        components: moved,
        nextUpdateBy: null,
        notify: true,
        reopen: false,
      }),
    );
    expect(result.notificationId).toBeTruthy();
    // The same publish moving one component costs the same: nothing here runs per component.
    const one = await withinBudget(trips, () =>
      publishUpdate(deps, communicator.ctx, incidentIds[1] as string, {
        status: "identified",
        body: "Found it",
        variants: [{ audience: "acme", body: "Acme: found it" }],
        internalNote: "the cache",
        components: [{ id: components[6] as string, status: "major_outage" }],
        nextUpdateBy: null,
        notify: true,
        reopen: false,
      }),
    );
    expect(one.trips).toBe(trips);
  });

  it("the public page model right after a write (nothing cached) takes 12 for 8 components and 4 open incidents", async () => {
    deps.clock.advance(60_000);
    // Settings; the component tree (groups, components); open incidents, their components, updates,
    // messages, closures and commitments (each one query for all incidents); 90 days of status spans
    // (holds, status changes, update history). Three of these chains run side by side.
    const { result } = await withinBudget(12, () => loadStatusPage(deps, ANONYMOUS));
    expect(result.activeIncidents).toHaveLength(4);
    expect(result.groups.flatMap((g) => g.components)).toHaveLength(8);
  });

  // Three for 40 deliveries (a statement per delivery would be over 40): an idle look, then one
  // transaction of two round trips, since the write lock every instance shares is held for them:
  // set-based reads (with BEGIN), then every write with COMMIT. Statements one by one took 7.
  it("claiming an outbox batch of 40 deliveries takes 3, not one per delivery", async () => {
    const { notificationId } = await addUpdate(deps, incidentIds[2] as string, { body: "More news" });
    const subscribers = await makeSubscribers(
      deps,
      Array.from({ length: 40 }, (_, i) => ({ email: `claim${i}@example.com` })),
    );
    const now = deps.clock.now();
    await deps.db.insert(delivery).values(
      subscribers.map((subscriberId, i) => ({
        id: `claimdeliv${String(i).padStart(2, "0")}`,
        notificationId,
        subscriberId,
        channel: "email" as const,
        incidentId: incidentIds[2] as string,
        seq: 1,
        state: "pending" as const,
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      })),
    );
    // An idle look without the lock; then in one write transaction: the candidates and what those
    // subscribers already have (one pipeline, with BEGIN), every write (one pipeline), COMMIT.
    const { result } = await withinBudget(3, () => reserveBatch(deps, "budget-test", "email", 100, 60_000));
    expect(result).toBeTruthy();
    const claimed = await deps.db
      .select({ id: delivery.id })
      .from(delivery)
      .where(eq(delivery.batchId, result as string));
    expect(claimed).toHaveLength(40);
  });

  // A pass sending one batch of an update: one look for every kind of work (1); the claim (2, plus the
  // stream's close); the freeze: content version, members and their follows side by side (3), what
  // they missed and their audiences (3), the incident as each viewer sees it (6: incident, components,
  // updates, closure, commitments, messages), the frozen messages, sealed, with the batch as written (1,
  // handed to the send, not read back); the captured mailer's own write (1: this test's
  // provider); the record of sending (1); the look that finds nothing left (1). The next batch of the
  // same update reuses the projection while the content version stands: 6 fewer, and the same for 4
  // members as for 40.
  it("a dispatcher pass sending a batch takes 20 for the first batch of an update, 14 for the next", async () => {
    const { notificationId } = await addUpdate(deps, incidentIds[3] as string, { body: "Sending now" });
    const dispatcher = createDispatcher(deps, { bucket: new RateBucket(1000) });
    await dispatcher.tick();
    const queue = async (prefix: string, count: number) => {
      const subscribers = await makeSubscribers(
        deps,
        Array.from({ length: count }, (_, i) => ({ email: `${prefix}${i}@${i % 2 ? "acme.com" : "example.com"}` })),
      );
      const now = deps.clock.now();
      await deps.db.insert(delivery).values(
        subscribers.map((subscriberId, i) => ({
          id: `${prefix}deliv${String(i).padStart(2, "0")}`,
          notificationId,
          subscriberId,
          channel: "email" as const,
          incidentId: incidentIds[3] as string,
          seq: 1,
          state: "pending" as const,
          nextAttemptAt: now,
          createdAt: now,
          updatedAt: now,
        })),
      );
    };
    await queue("first", 40);
    const first = await withinBudget(20, () => dispatcher.tick());
    expect(first.result).toBe(40);
    await queue("next", 40);
    const next = await withinBudget(14, () => dispatcher.tick());
    expect(next.result).toBe(40);
    await queue("few", 4);
    const few = await withinBudget(14, () => dispatcher.tick());
    expect(few.result).toBe(4);
    const sent = await deps.db.select({ to: capturedEmail.to, subject: capturedEmail.subject }).from(capturedEmail);
    expect(sent.filter((m) => /^(first|next|few)\d+@/.test(m.to))).toHaveLength(84);
  });

  it("a subscriber confirming takes 5", async () => {
    await subscribe(
      deps,
      selfServiceContext("test"),
      SubscribeInput.parse({ email: "new@example.com", components: components.slice(0, 3) }),
    );
    await createDispatcher(deps, { bucket: new RateBucket(1000) }).tick();
    const [mail] = await deps.db.select().from(capturedEmail).where(eq(capturedEmail.to, "new@example.com"));
    const token = mail?.text.match(/\/confirm\/([^\s]+)/)?.[1] as string;
    // The token (read outside the transaction: most links are stale or prefetched); then marking
    // it used (with BEGIN), the subscriber confirmed, the audit row; COMMIT.
    const { result } = await withinBudget(5, () => confirmSubscription(deps, selfServiceContext("test"), token));
    expect(result).toBe("confirmed");
  });
});
