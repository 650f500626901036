import { describe, expect, it } from "vitest";
import { buildImportGraph, cycles, type ImportGraph, runtimeSource, runtimeSpecifiers } from "../helpers/import-graph.ts";

/** The layer a file or package belongs to: src/<folder>, db/schema, the rest of db/, or the package name. */
function layerOf(target: string): string {
  if (target.startsWith("db/schema/")) return "db/schema";
  if (target.startsWith("db/")) return "db";
  const m = /^src\/([^/]+)\//.exec(target);
  if (m?.[1]) return m[1];
  return target.startsWith("src/") ? "src" : target;
}

/** Edges the architecture forbids (see src/content/docs/architecture.md). Type-only imports are not edges. */
const FORBIDDEN: { from: string[]; to: string[]; why: string }[] = [
  { from: ["pages", "components", "layouts", "api"], to: ["drizzle-orm", "db/schema"], why: "adapters call services" },
  { from: ["notify"], to: ["services"], why: "the outbox carries what services decided" },
  { from: ["services"], to: ["jobs", "server"], why: "jobs and the server are adapters over services" },
  { from: ["auth"], to: ["services"], why: "services authorize through auth" },
  { from: ["jobs"], to: ["db", "db/schema", "drizzle-orm"], why: "jobs call services" },
];

/** Exceptions, each a "from → to" file edge: none, and a new one needs a reason here. */
const ALLOWED: string[] = [];
/** Today's cycles (files, then layers), same goal. */
const ALLOWED_CYCLES: string[][] = [];
const ALLOWED_LAYER_CYCLES: string[][] = [];

function forbiddenEdges(graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const [from, to] = [layerOf(file), layerOf(target)];
      if (FORBIDDEN.some((r) => r.from.includes(from) && r.to.includes(to))) found.push(`${file} → ${target}`);
    }
  }
  return found.sort();
}

/** Layer-level edges, so a back-edge between two folders shows even when no single file loops. */
function layerCycles(graph: ImportGraph): string[][] {
  const layers: ImportGraph = new Map();
  for (const [file, targets] of graph) {
    if (!file.startsWith("src/")) continue;
    const from = layerOf(file);
    const next = new Set(layers.get(from) ?? []);
    for (const t of targets) if (t.startsWith("src/") && layerOf(t) !== from) next.add(layerOf(t));
    layers.set(from, [...next]);
  }
  return cycles(layers);
}

const graph = buildImportGraph(["src"]);

describe("layer graph", () => {
  it("reads a real number of files, .astro frontmatter included", () => {
    expect(graph.size).toBeGreaterThan(300);
    expect([...graph.keys()].some((f) => f.endsWith(".astro"))).toBe(true);
  });

  it("has no import cycle between files", () => {
    expect(cycles(graph)).toEqual(ALLOWED_CYCLES);
  });

  it("has no cycle between layers", () => {
    expect(layerCycles(graph)).toEqual(ALLOWED_LAYER_CYCLES);
  });

  it("has no forbidden edge beyond the allow-list", () => {
    expect(forbiddenEdges(graph).filter((e) => !ALLOWED.includes(e))).toEqual([]);
  });

  it("keeps no stale entry in the allow-list", () => {
    expect(ALLOWED.filter((e) => !forbiddenEdges(graph).includes(e))).toEqual([]);
  });
});

describe("layer graph rules (so they can fail)", () => {
  it("follows runtime imports and ignores type-only ones", () => {
    const src = [
      'import type { Db } from "../db/client.ts";',
      'import { type Deps } from "../deps.ts";',
      'import { eq, type SQL } from "drizzle-orm";',
      'export { ROLES } from "../../db/schema/index.ts";',
      'import "./side-effect.ts";',
      'const m = await import("./lazy.ts");',
    ].join("\n");
    expect(runtimeSpecifiers(src)).toEqual(["drizzle-orm", "../../db/schema/index.ts", "./side-effect.ts", "./lazy.ts"]);
  });

  it("reads an .astro file's frontmatter only", () => {
    const astro = '---\nimport { x } from "../a.ts";\n---\n<script>import "../b.ts";</script>';
    expect(runtimeSpecifiers(runtimeSource("p.astro", astro))).toEqual(["../a.ts"]);
  });

  it("finds a forbidden edge, a file cycle and a layer cycle", () => {
    const bad: ImportGraph = new Map([
      ["src/pages/a.astro", ["db/schema/index.ts", "drizzle-orm"]],
      ["src/notify/x.ts", ["src/services/y.ts"]],
      ["src/services/y.ts", ["src/notify/x.ts"]],
      ["db/schema/index.ts", []],
    ]);
    expect(forbiddenEdges(bad)).toEqual([
      "src/notify/x.ts → src/services/y.ts",
      "src/pages/a.astro → db/schema/index.ts",
      "src/pages/a.astro → drizzle-orm",
    ]);
    expect(cycles(bad)).toEqual([["src/notify/x.ts", "src/services/y.ts"]]);
    expect(layerCycles(bad)).toEqual([["notify", "services"]]);
  });
});
