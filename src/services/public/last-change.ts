import type { ProjectedIncident, StatusSpan } from "../../projection/index.ts";

/**
 * When what this viewer sees last changed: built only from what the projection gave them (status
 * spans, their incidents' own times and updates), so a change they may not see never moves it.
 * Null when there is nothing dated to show.
 */
export function lastVisibleChange(spans: StatusSpan[], incidents: ProjectedIncident[], now: Date): Date | null {
  let latest = 0;
  const seen = (t: number | null | undefined) => {
    if (t && t <= now.getTime() && t > latest) latest = t;
  };
  for (const s of spans) {
    seen(s.from);
    seen(s.to);
  }
  for (const i of incidents) {
    seen(i.startedAt.getTime());
    seen(i.resolvedAt?.getTime());
    seen(i.postmortem?.publishedAt.getTime());
    for (const u of i.updates) seen(u.createdAt.getTime());
  }
  return latest ? new Date(latest) : null;
}
