import type { Deps } from "../../deps.ts";
import { newId } from "../../lib/ids.ts";
import { errorFields } from "../../lib/logger.ts";
import { runImportJob, unfinishedImports } from "./import-job.ts";

/** The imports this process is running, so a shutdown can stop them at a chunk boundary. */
const running = new Map<string, { stop: AbortController; done: Promise<unknown> }>();
const owner = `imports-${newId()}`;

/** Runs an import in the background of this process (never twice at once). */
export function launchImport(deps: Pick<Deps, "db" | "clock" | "env" | "logger">, id: string): void {
  if (running.has(id)) return;
  const stop = new AbortController();
  const done = runImportJob(deps, id, owner, stop.signal)
    .then((job) =>
      deps.logger.info("import paused or finished", { import: id, state: job.state, processed: job.processed, total: job.total }),
    )
    .catch((err) => deps.logger.error("import failed", { import: id, ...errorFields(err) }))
    .finally(() => running.delete(id));
  running.set(id, { stop, done });
}

/** Picks up imports a stopped or crashed process left unfinished; resolves to how many it started. */
export async function resumeImports(deps: Pick<Deps, "db" | "clock" | "env" | "logger">): Promise<number> {
  const ids = (await unfinishedImports(deps)).filter((id) => !running.has(id));
  for (const id of ids) launchImport(deps, id);
  return ids.length;
}

/** Stops every import at its next chunk boundary and waits for the last chunk to commit. */
export async function stopImports(): Promise<void> {
  const all = [...running.values()];
  for (const r of all) r.stop.abort();
  await Promise.all(all.map((r) => r.done));
}
