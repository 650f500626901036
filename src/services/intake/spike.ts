import { and, count, eq, gte } from "drizzle-orm";
import { intakeSource, report } from "../../../db/schema/index.ts";
import { hashSecret } from "../../auth/secrets.ts";
import type { Deps } from "../../deps.ts";
import { randomSecret } from "../../lib/ids.ts";
import { ingestAlerts } from "./ingest.ts";
import type { IntakeSourceRow } from "./token.ts";

/** The built-in source that user-report spikes are raised from; its token is never issued. */
export const REPORTS_SOURCE: IntakeSourceRow = { id: "userreports0", name: "User reports", kind: "generic" };
export const SPIKE_WINDOW_MS = 15 * 60_000;
export const SPIKE_THRESHOLD = 5;

async function ensureReportsSource(deps: Pick<Deps, "db" | "clock">): Promise<void> {
  await deps.db
    .insert(intakeSource)
    .values({ ...REPORTS_SOURCE, secretHash: Buffer.from(hashSecret(randomSecret())), createdAt: deps.clock.now() })
    .onConflictDoNothing();
}

/**
 * A spike of reports on one component (SPIKE_THRESHOLD open reports within SPIKE_WINDOW_MS)
 * raises a signal of its own, deduplicated per component, so rules and escalation apply to it.
 */
export async function checkReportSpike(deps: Deps, componentId: string | null, componentName: string | null): Promise<boolean> {
  if (!componentId) return false;
  const since = new Date(deps.clock.now().getTime() - SPIKE_WINDOW_MS);
  const [row] = await deps.db
    .select({ n: count() })
    .from(report)
    .where(and(eq(report.componentId, componentId), eq(report.state, "open"), gte(report.createdAt, since)));
  const n = row?.n ?? 0;
  if (n < SPIKE_THRESHOLD) return false;
  await ensureReportsSource(deps);
  await ingestAlerts(deps, REPORTS_SOURCE, [
    {
      fingerprint: `reports:${componentId}`,
      status: "firing",
      severity: "major",
      summary: `Spike of user reports on ${componentName ?? componentId}: ${n} in ${SPIKE_WINDOW_MS / 60_000} minutes`,
      labels: { source: "reports", component: componentName ?? componentId, component_id: componentId },
    },
  ]);
  return true;
}
