import { authorize, type ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { createImportJob, type ImportJobView, runImportJob } from "./import-job.ts";
import { launchImport } from "./import-runner.ts";
import type { ImportSubscribers } from "./schemas.ts";

/** Up to this many rows an import answers in the request; more run as a background job with progress. */
export const INLINE_IMPORT_ROWS = 1_000;

export type ImportReport = ImportJobView;

/**
 * Imports a CSV with a header row: `email` (required), `components`, `groups`, `audiences`
 * (ids or slugs separated by ; or spaces), `maintenance` (yes/no), `language`. A bad row is
 * reported with its line and reason and changes nothing; rows commit in chunks (import-job.ts).
 */
export async function importSubscribers(
  deps: Pick<Deps, "db" | "clock" | "env" | "logger">,
  ctx: ServiceContext,
  input: ImportSubscribers,
  options: { inlineRows?: number } = {},
): Promise<ImportReport> {
  authorize(ctx, "subscriber.manage");
  const job = await createImportJob(deps, ctx, input);
  if (job.total <= (options.inlineRows ?? INLINE_IMPORT_ROWS)) return runImportJob(deps, job.id, `request-${job.id}`);
  launchImport(deps, job.id);
  return job;
}
