import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

/** file (repo-relative, posix) → the runtime imports it makes: repo-relative files, or bare package names. */
export type ImportGraph = Map<string, string[]>;

/** The code that runs: a .ts file's text, or an .astro file's frontmatter (its <script> tags ship to the browser). */
export function runtimeSource(file: string, text: string): string {
  if (!file.endsWith(".astro")) return text;
  const m = /^\s*---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return m?.[1] ?? "";
}

/** Specifiers a module loads at run time; `import type`, `export type` and all-`type` name lists load nothing we follow. */
export function runtimeSpecifiers(source: string): string[] {
  const found: string[] = [];
  const stmt = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?([\s\S]*?)\s*from\s*["']([^"']+)["']/g;
  for (const [, , typeOnly, clause = "", spec = ""] of source.matchAll(stmt)) {
    if (typeOnly || allTypeNames(clause)) continue;
    found.push(spec);
  }
  for (const [, spec = ""] of source.matchAll(/(?:^|[;\n])\s*import\s*["']([^"']+)["']/g)) found.push(spec);
  for (const [, spec = ""] of source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.push(spec);
  return found;
}

function allTypeNames(clause: string): boolean {
  const m = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!m) return false;
  const names = (m[1] ?? "")
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith("type "));
}

function packageName(spec: string): string {
  if (spec.startsWith("node:")) return spec;
  return spec
    .split("/")
    .slice(0, spec.startsWith("@") ? 2 : 1)
    .join("/");
}

function resolve(from: string, spec: string): string {
  if (!spec.startsWith(".")) return packageName(spec);
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  if (existsSync(path.join(repoRoot, target)) && statSync(path.join(repoRoot, target)).isFile()) return target;
  for (const ext of [".ts", "/index.ts"]) if (existsSync(path.join(repoRoot, target + ext))) return target + ext;
  return target;
}

export function sourceFiles(dir: string): string[] {
  const full = path.join(repoRoot, dir);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return /\.(ts|astro)$/.test(dir) && !dir.endsWith(".d.ts") ? [dir] : [];
  return readdirSync(full).flatMap((n) => sourceFiles(path.posix.join(dir, n)));
}

/** The runtime graph of every file reachable from `roots`, following repo files and recording packages as leaves. */
export function buildImportGraph(roots: string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  const queue = roots.flatMap(sourceFiles);
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (graph.has(file)) continue;
    const text = readFileSync(path.join(repoRoot, file), "utf8");
    const targets = runtimeSpecifiers(runtimeSource(file, text)).map((s) => resolve(file, s));
    graph.set(file, [...new Set(targets)]);
    for (const t of targets) if (/\.(ts|astro)$/.test(t) && !graph.has(t) && existsSync(path.join(repoRoot, t))) queue.push(t);
  }
  return graph;
}

/** Strongly connected components with more than one file (or a self-import): every one is a cycle. */
export function cycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || graph.get(v)?.includes(v)) out.push(scc.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}
