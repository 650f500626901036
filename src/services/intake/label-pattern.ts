import { createRequire } from "node:module";
import type { RE2JS } from "re2js";

/**
 * Label matchers use RE2 syntax, like Prometheus's own: matching runs in linear time, so an
 * admin-written pattern such as (a+)+$ cannot stall the event loop on a long label.
 */
const compiled = new Map<string, RE2JS>();
const MAX_CACHED = 500;
// Loaded on first use, not at start-up: most instances never evaluate an =~ matcher.
let engine: typeof RE2JS | undefined;
const re2 = (): typeof RE2JS => {
  engine ??= (createRequire(import.meta.url)("re2js") as { RE2JS: typeof RE2JS }).RE2JS;
  return engine;
};

/** Throws when the pattern is not valid RE2 (backreferences and lookaround are not). */
export function compileLabelPattern(pattern: string): RE2JS {
  let re = compiled.get(pattern);
  if (re) return re;
  re = re2().compile(pattern);
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(pattern, re);
  return re;
}

/** Anchored like Prometheus matchers: the whole value must match. A pattern saved before RE2 that it cannot run matches nothing. */
export function labelPatternMatches(pattern: string, value: string): boolean {
  try {
    return compileLabelPattern(pattern).matches(value);
  } catch {
    return false;
  }
}
