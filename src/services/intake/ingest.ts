import type { Deps } from "../../deps.ts";
import { groupCommit } from "./group-commit.ts";
import type { NormalizedAlert } from "./normalize.ts";
import { processSignal } from "./process.ts";
import type { IngestResult } from "./store.ts";
import type { IntakeSourceRow } from "./token.ts";

export type { IngestResult } from "./store.ts";

/**
 * Stores a payload's alerts as signals (all or nothing, committed together with whatever other
 * payloads arrived at the same moment), then runs each touched signal's follow-up (drafts,
 * automation, escalation) after commit; the intake job retries any follow-up that did not finish.
 */
export async function ingestAlerts(deps: Deps, source: IntakeSourceRow, alerts: NormalizedAlert[]): Promise<IngestResult> {
  const { result, touched } = await groupCommit(deps).submit(source, alerts);
  for (const id of touched) await processSignal(deps, id);
  return result;
}
