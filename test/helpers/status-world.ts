import { SYSTEM } from "../../src/auth/permissions.ts";
import { ANONYMOUS, audienceViewer, TEAM, type Viewer } from "../../src/projection/index.ts";
import { closeIncident } from "../../src/services/closures/close.ts";
import { updateComponent } from "../../src/services/components/update.ts";
import { createIncident } from "../../src/services/incidents/create.ts";
import { CreateIncident } from "../../src/services/incidents/schemas.ts";
import { createMaintenance } from "../../src/services/maintenances/create.ts";
import { postMaintenanceUpdate } from "../../src/services/maintenances/post-update.ts";
import { CreateMaintenance } from "../../src/services/maintenances/schemas.ts";
import { publishUpdate } from "../../src/services/updates/publish.ts";
import { PostUpdate } from "../../src/services/updates/schemas.ts";
import { createTestDeps, type TestDeps } from "./deps.ts";
import { makeAudience, makeComponent } from "./factories.ts";
import { type Action, COMPONENTS, type ViewerName, type Vis } from "./status-oracle.ts";

const ctx = { actor: SYSTEM, requestId: "status-model" };
const DAY = 86_400_000;

export const VIEWER: Record<ViewerName, Viewer> = {
  anonymous: ANONYMOUS,
  acme: audienceViewer("ops@acme.test", ["acme"]),
  beta: audienceViewer("ops@beta.test", ["beta"]),
  team: TEAM,
};

/** One database driven through the real services; `includes` decides which incidents exist in it. */
export interface World {
  deps: TestDeps;
  ids: Map<string, string>;
  refs: Map<number, string>;
  includes: (vis: Vis, draft: boolean) => boolean;
}

const visibility = (v: Vis): "public" | "internal" | string[] => (v === "acme" ? ["acme"] : v);

export async function createWorld(now: Date, includes: World["includes"]): Promise<World> {
  const deps = await createTestDeps({ now: new Date(now.getTime() - 2 * DAY).toISOString() });
  await makeAudience(deps, "acme");
  await makeAudience(deps, "beta");
  const ids = new Map<string, string>();
  for (const [name, vis] of Object.entries(COMPONENTS))
    ids.set(name, (await makeComponent(deps, { name, visibility: visibility(vis) })).id);
  deps.clock.set(now);
  return { deps, ids, refs: new Map(), includes };
}

/** Applies one action through the services, unless it concerns an incident this world leaves out. */
export async function applyAction(w: World, a: Action, vis: Vis | null, draft: boolean): Promise<void> {
  if (vis !== null && !w.includes(vis, draft)) return;
  const id = (name: string) => w.ids.get(name) as string;
  const changes = (cs: [string, string][]) => cs.map(([c, status]) => ({ id: id(c), status }));
  const ref = "ref" in a ? w.refs.get(a.ref) : undefined;
  const { deps } = w;
  if (a.kind === "open") {
    const input = { title: `Incident ${a.ref}`, body: "Looking.", impact: a.impact, visibility: visibility(a.vis), draft: a.draft };
    const created = await createIncident(deps, ctx, CreateIncident.parse({ ...input, components: changes(a.changes), notify: false }));
    w.refs.set(a.ref, created.id);
  } else if (a.kind === "update") {
    await publishUpdate(
      deps,
      ctx,
      ref as string,
      PostUpdate.parse({ status: a.status, body: "More.", components: changes(a.changes), notify: false }),
    );
  } else if (a.kind === "resolve" && a.via === "closure") {
    await closeIncident(deps, ctx, ref as string, {
      summary: "Fixed.",
      apologyVariants: [],
      commitments: [],
      components: [],
      notify: false,
    });
  } else if (a.kind === "resolve") {
    await publishUpdate(deps, ctx, ref as string, PostUpdate.parse({ status: "resolved", body: "Fixed.", notify: false }));
  } else if (a.kind === "manual") {
    await updateComponent(deps, ctx, id(a.component), { status: a.status });
  } else if (a.kind === "maintenance") {
    const from = deps.clock.now().getTime() + 2 * DAY;
    const input = { title: `Maintenance ${a.ref}`, body: "Planned.", visibility: visibility(a.vis), components: a.components.map(id) };
    const m = await createMaintenance(
      deps,
      ctx,
      CreateMaintenance.parse({
        ...input,
        scheduledFor: new Date(from).toISOString(),
        scheduledUntil: new Date(from + DAY).toISOString(),
        notify: false,
      }),
    );
    await postMaintenanceUpdate(deps, ctx, m.id, { status: "in_progress", body: "Started early.", variants: [], notify: false });
    w.refs.set(a.ref, m.id);
  } else {
    await postMaintenanceUpdate(deps, ctx, ref as string, { status: a.status, body: "Over.", variants: [], notify: false });
  }
}
