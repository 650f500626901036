import type { ComponentStatus } from "../../db/schema/index.ts";
import type { Deps } from "../../src/deps.ts";
import { loadComponentTree, TEAM, type Viewer } from "../../src/projection/index.ts";

/** A component's status as a viewer sees it (the worst hold they may see), or undefined if hidden. */
export async function statusFor(deps: Pick<Deps, "db">, componentId: string, viewer: Viewer = TEAM): Promise<ComponentStatus | undefined> {
  return (await loadComponentTree(deps.db, viewer)).all.find((c) => c.id === componentId)?.status;
}
