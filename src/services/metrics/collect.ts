import type { Client } from "@libsql/client";
import type { Gauge } from "../../lib/metrics.ts";

const rows = async (client: Client, sql: string, args: (string | number)[] = []) => (await client.execute({ sql, args })).rows;

/** Gauges read from the database at scrape time: the outbox, dead letters, open incidents, overdue promises. */
export async function collectDatabaseGauges(client: Client, now: Date): Promise<Gauge[]> {
  const t = now.getTime();
  const [deliveries, oldest, notifications, open, overdue, batches] = await Promise.all([
    rows(client, "SELECT state, count(*) AS n FROM delivery GROUP BY state"),
    rows(client, "SELECT min(created_at) AS at FROM delivery WHERE state IN ('pending', 'sending')"),
    rows(client, "SELECT priority, count(*) AS n FROM notification WHERE expanded_at IS NULL GROUP BY priority"),
    rows(
      client,
      "SELECT impact, count(*) AS n FROM incident WHERE kind = 'incident' AND draft = 0 AND resolved_at IS NULL GROUP BY impact",
    ),
    rows(
      client,
      "SELECT count(*) AS n FROM incident WHERE draft = 0 AND resolved_at IS NULL AND next_update_by IS NOT NULL AND next_update_by < ?",
      [t],
    ),
    rows(client, "SELECT state, count(*) AS n FROM delivery_batch GROUP BY state").catch(() => []),
  ]);
  const oldestAt = oldest[0]?.at === null || oldest[0]?.at === undefined ? null : Number(oldest[0].at);
  const byLabel = (rs: typeof deliveries, label: string) => rs.map((r) => ({ labels: { [label]: String(r[label]) }, value: Number(r.n) }));
  return [
    { name: "clarion_outbox_deliveries", help: "Deliveries in the outbox by state.", samples: byLabel(deliveries, "state") },
    { name: "clarion_outbox_batches", help: "Provider batches by state.", samples: byLabel(batches, "state") },
    {
      name: "clarion_outbox_notifications_unexpanded",
      help: "Notifications not yet expanded to recipients, by priority.",
      samples: byLabel(notifications, "priority"),
    },
    {
      name: "clarion_outbox_oldest_pending_seconds",
      help: "Age of the oldest delivery still pending or sending (0 when none).",
      samples: [{ labels: {}, value: oldestAt === null ? 0 : Math.max(0, (t - oldestAt) / 1000) }],
    },
    {
      name: "clarion_dead_letters",
      help: "Deliveries that gave up after retries and wait for a person.",
      samples: [{ labels: {}, value: Number(deliveries.find((r) => r.state === "dead")?.n ?? 0) }],
    },
    { name: "clarion_incidents_open", help: "Published incidents not yet resolved, by impact.", samples: byLabel(open, "impact") },
    {
      name: "clarion_update_promises_overdue",
      help: "Open incidents whose promised next update time has passed.",
      samples: [{ labels: {}, value: Number(overdue[0]?.n ?? 0) }],
    },
  ];
}
