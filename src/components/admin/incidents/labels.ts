import type { Visibility } from "../../../projection/index.ts";

/** Visibility in words, so the console shows plainly who will see something before it is published. */
export function visibilityLabel(v: Visibility | string): string {
  if (v === "public") return "everyone (public)";
  if (v === "internal") return "team only (internal)";
  const slugs = Array.isArray(v) ? v : v.split(",");
  return `only ${slugs.join(", ")}`;
}

export const when = (d: Date | string | null | undefined): string =>
  d ? `${new Date(d).toISOString().slice(0, 16).replace("T", " ")} UTC` : "—";
