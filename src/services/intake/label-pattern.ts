import { RE2JS } from "re2js";

/**
 * Label matchers use RE2 syntax, like Prometheus's own: matching runs in linear time, so an
 * admin-written pattern such as (a+)+$ cannot stall the event loop on a long label.
 */
const compiled = new Map<string, RE2JS>();
const MAX_CACHED = 500;

/** Throws when the pattern is not valid RE2 (backreferences and lookaround are not). */
export function compileLabelPattern(pattern: string): RE2JS {
  let re = compiled.get(pattern);
  if (re) return re;
  re = RE2JS.compile(pattern);
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
