/** Words of a report, lower-cased, without short filler words. */
export function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2),
  );
}

/** Jaccard similarity of two texts' word sets, 0..1. */
export function similarity(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (!x.size || !y.size) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared += 1;
  return shared / (x.size + y.size - shared);
}

export const GROUP_WINDOW_MS = 2 * 3600_000;
export const GROUP_MIN_SIMILARITY = 0.25;

/**
 * Reports about the same component within the window are one group when their words overlap
 * enough; a report naming a component always joins that component's group if it has nothing
 * better, because users describe one outage in very different words.
 */
export function pickGroup(
  candidate: { what: string; componentId: string | null },
  recent: { groupId: string; what: string; componentId: string | null }[],
): string | null {
  let best: { groupId: string; score: number } | null = null;
  for (const r of recent) {
    if (r.componentId !== candidate.componentId) continue;
    const score = similarity(candidate.what, r.what) + (candidate.componentId ? GROUP_MIN_SIMILARITY : 0);
    if (score >= GROUP_MIN_SIMILARITY && (!best || score > best.score)) best = { groupId: r.groupId, score };
  }
  return best?.groupId ?? null;
}
