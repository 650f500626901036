/**
 * Who is looking. Every read for output goes through the projection with one of these:
 * anonymous (the public, the shared cache), a verified member of some audiences (slugs in
 * precedence order), or a team member (the console sees everything).
 */
export type Viewer = { kind: "anonymous" } | { kind: "audience"; email: string; audiences: string[] } | { kind: "team" };

export const ANONYMOUS: Viewer = { kind: "anonymous" };
export const TEAM: Viewer = { kind: "team" };

export function audienceViewer(email: string, audiences: string[]): Viewer {
  return audiences.length ? { kind: "audience", email, audiences } : ANONYMOUS;
}

/** Only anonymous responses may enter a shared cache or a CDN. */
export function isShareable(viewer: Viewer): boolean {
  return viewer.kind === "anonymous";
}

/** A stable key for caches and ETags: same key, same projection. */
export function viewerKey(viewer: Viewer): string {
  if (viewer.kind === "audience") return `aud:${[...viewer.audiences].sort().join(",")}`;
  return viewer.kind;
}
