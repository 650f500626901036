import { and, eq, isNull } from "drizzle-orm";
import { bumpContentVersion } from "../../../db/content-version.ts";
import {
  audience,
  closure,
  component,
  componentGroup,
  componentStatusChange,
  incident,
  incidentComponent,
  incidentUpdate,
  message,
  pageSettings,
  preventionCommitment,
} from "../../../db/schema/index.ts";
import { newId } from "../../lib/ids.ts";
import type { DataDeps } from "../components/shared.ts";
import { ensurePageSettings } from "../settings/ensure.ts";
import { DEMO_GROUPS, PROBLEMS, rng, UPDATE_TEXT } from "./data.ts";
import { type Plan, planIncident, planMaintenance } from "./plan.ts";
import { acmeTranslations, apologyTranslations, commitmentTranslations, updateTranslations } from "./translations.ts";

const DAY = 86_400_000;
export const DEMO_AUDIENCE = "enterprise-acme";

export interface SeedResult {
  seeded: boolean;
  components: number;
  groups: number;
  incidents: number;
  maintenances: number;
  updates: number;
}

/** Seeds the demo page; does nothing when components already exist (run it on a fresh database). */
export async function seedDemo(deps: DataDeps): Promise<SeedResult> {
  const existing = await deps.db.select({ id: component.id }).from(component).where(isNull(component.deletedAt)).limit(1);
  const empty = { seeded: false, components: 0, groups: 0, incidents: 0, maintenances: 0, updates: 0 };
  if (existing.length) return empty;
  const now = deps.clock.now().getTime();
  const random = rng(20260301);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  return deps.db.transaction(async (tx) => {
    await ensurePageSettings(tx, deps.clock);
    await tx.update(pageSettings).set({
      name: "Acme Cloud Status",
      supportUrl: "https://example.com/support",
      footerLinks: [{ label: "Acme Cloud", url: "https://example.com" }],
    });
    await tx
      .insert(audience)
      .values({
        id: newId(),
        slug: DEMO_AUDIENCE,
        name: "Acme Corp (enterprise)",
        kind: "custom",
        domains: ["acme.example"],
        precedence: 10,
        createdAt: new Date(now),
        updatedAt: new Date(now),
      })
      .onConflictDoNothing();
    const comps: { id: string; name: string; createdAt: number }[] = [];
    let gi = 0;
    for (const g of DEMO_GROUPS) {
      const groupId = newId();
      const created = new Date(now - 400 * DAY);
      await tx
        .insert(componentGroup)
        .values({ id: groupId, name: g.name, position: gi++, visibility: "public", createdAt: created, updatedAt: created });
      for (const [ci, name] of g.components.entries()) {
        // Two components are young, so their bars show "no data" at the start.
        const createdAt = name === "GraphQL API" || name === "Voice" ? now - 40 * DAY : now - 400 * DAY;
        const id = newId();
        comps.push({ id, name, createdAt });
        await tx.insert(component).values({
          id,
          groupId,
          name,
          position: ci,
          status: "operational",
          visibility: "public",
          createdAt: new Date(createdAt),
          updatedAt: new Date(createdAt),
        });
        await tx.insert(componentStatusChange).values({ id: newId(), componentId: id, status: "operational", at: new Date(createdAt) });
      }
    }
    const plans: Plan[] = [];
    for (let k = 0; k < 210; k++) {
      const target = pick(comps.filter((c) => c.createdAt < now - 3 * DAY));
      const startedAt = Math.max(target.createdAt + DAY, now - Math.floor(random() * 89 * DAY) - 3 * 3_600_000);
      plans.push(planIncident(random, target, startedAt, pick(PROBLEMS), k % 25 === 0 ? DEMO_AUDIENCE : null, false));
    }
    // A few are translated (German, French, Arabic); one open incident lacks French, so French readers see the note.
    const newest = plans.filter((p) => p.closure).sort((a, b) => b.startedAt - a.startedAt);
    for (const [i, p] of newest.slice(0, 3).entries()) p.languages = i === 0 ? ["de", "fr", "ar"] : ["de", "fr"];
    plans.push({
      ...planIncident(random, pick(comps), now - 50 * 60_000, "Elevated error rates", DEMO_AUDIENCE, true),
      languages: ["de", "fr", "ar"],
    });
    plans.push({ ...planIncident(random, pick(comps), now - 20 * 60_000, "Delayed processing", null, true), languages: ["de", "ar"] });
    for (let k = 0; k < 14; k++) plans.push(planMaintenance(random, pick(comps), now - (k * 6 + 2) * DAY, "completed"));
    plans.push({ ...planMaintenance(random, pick(comps), now - 30 * 60_000, "in_progress"), languages: ["de", "fr"] });
    plans.push(planMaintenance(random, pick(comps), now + 3 * DAY, "scheduled"));
    let updates = 0;
    for (const p of plans) updates += await insertPlan(tx, p, now);
    // Active incidents and maintenances hold their components through their own rows (status model).
    await bumpContentVersion(tx, deps.clock);
    return {
      seeded: true,
      components: comps.length,
      groups: DEMO_GROUPS.length,
      incidents: plans.filter((p) => p.kind === "incident").length,
      maintenances: plans.filter((p) => p.kind === "maintenance").length,
      updates,
    };
  });
}

type Tx = Parameters<Parameters<DataDeps["db"]["transaction"]>[0]>[0];

async function insertPlan(tx: Tx, p: Plan, now: number): Promise<number> {
  const at = (ms: number) => new Date(ms);
  const last = p.steps[p.steps.length - 1];
  await tx.insert(incident).values({
    id: p.id,
    kind: p.kind,
    title: p.title,
    impact: p.impact,
    status: p.status,
    visibility: "public",
    startedAt: at(p.startedAt),
    resolvedAt: p.resolvedAt ? at(p.resolvedAt) : null,
    scheduledFor: p.scheduledFor ? at(p.scheduledFor) : null,
    scheduledUntil: p.scheduledUntil ? at(p.scheduledUntil) : null,
    nextUpdateBy: p.active && p.kind === "incident" ? at(now + 30 * 60_000) : null,
    createdAt: at(p.startedAt),
    updatedAt: at(last?.at ?? p.startedAt),
  });
  await tx.insert(incidentComponent).values({ incidentId: p.id, componentId: p.component.id, status: p.componentStatus });
  for (const s of p.steps) {
    const updateId = newId();
    await tx.insert(incidentUpdate).values({
      id: updateId,
      incidentId: p.id,
      status: s.status,
      kind: s.status === "resolved" && p.closure ? "closure" : "update",
      componentChanges: [{ id: p.component.id, status: s.componentStatus }],
      displayAt: at(s.at),
      createdAt: at(s.at),
      updatedAt: at(s.at),
    });
    const body = (UPDATE_TEXT[s.status] ?? "").replace("{problem}", p.problem.toLowerCase()).replace(/\{component\}/g, p.component.name);
    const translations = updateTranslations(p.languages ?? [], s.status, p.problem, p.component.name);
    await tx.insert(message).values({ id: newId(), updateId, kind: "public", body, translations, createdAt: at(s.at) });
    if (p.audience) {
      await tx.insert(message).values({
        id: newId(),
        updateId,
        kind: "variant",
        audienceSlug: p.audience,
        body: `${body}\n\nFor Acme Corp: your dedicated cluster is affected; your account team will call you.`,
        translations: acmeTranslations(p.languages ?? [], translations),
        createdAt: at(s.at),
      });
      await tx
        .insert(message)
        .values({ id: newId(), updateId, kind: "internal", body: "Internal: rollback of deploy 4821 on shard 7.", createdAt: at(s.at) });
    }
  }
  if (p.closure && p.resolvedAt) {
    const [u] = await tx
      .select({ id: incidentUpdate.id })
      .from(incidentUpdate)
      .where(and(eq(incidentUpdate.incidentId, p.id), eq(incidentUpdate.kind, "closure")))
      .limit(1);
    if (u) {
      const apologyUpdateId = newId();
      const resolvedAt = at(p.resolvedAt);
      await tx.insert(incidentUpdate).values({
        id: apologyUpdateId,
        incidentId: p.id,
        kind: "apology",
        status: "resolved",
        notify: false,
        displayAt: resolvedAt,
        createdAt: resolvedAt,
        updatedAt: resolvedAt,
      });
      const apology = "We are sorry: you rely on us and we let you down.";
      await tx.insert(message).values({
        id: newId(),
        updateId: apologyUpdateId,
        kind: "public",
        body: apology,
        translations: apologyTranslations(p.languages ?? []),
        createdAt: resolvedAt,
      });
      await tx.insert(closure).values({ incidentId: p.id, updateId: u.id, apologyUpdateId, createdAt: resolvedAt });
      await tx.insert(preventionCommitment).values({
        id: newId(),
        incidentId: p.id,
        text: "Add a canary stage to configuration rollouts",
        translations: commitmentTranslations(p.languages ?? []),
        owner: "Platform team",
        dueAt: at(p.resolvedAt + 14 * DAY),
        visibility: "public",
        state: p.resolvedAt + 14 * DAY < now ? "done" : "planned",
        stateChangedAt: at(p.resolvedAt),
        createdAt: at(p.resolvedAt),
      });
    }
  }
  return p.steps.length;
}
