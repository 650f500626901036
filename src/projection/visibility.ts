import type { Translations } from "./translations.ts";
import type { Viewer } from "./viewer.ts";

/**
 * Stored visibility is one NOT NULL text column: "public", "internal", or comma-separated
 * audience slugs. In JSON it is "public", "internal" or ["slug", …].
 */
export type Visibility = "public" | "internal" | string[];

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function parseVisibility(stored: string): Visibility {
  if (stored === "public" || stored === "internal") return stored;
  const slugs = stored.split(",").filter(Boolean);
  return slugs.length ? slugs : "internal";
}

export function formatVisibility(v: Visibility): string {
  if (v === "public" || v === "internal") return v;
  const slugs = [...new Set(v)].sort();
  if (!slugs.length) return "internal";
  for (const s of slugs) if (!SLUG_PATTERN.test(s)) throw new Error(`invalid audience slug: ${s}`);
  return slugs.includes("public") ? "public" : slugs.join(",");
}

/** The one rule: the team sees all; others see public, plus what names one of their audiences. */
export function canSee(viewer: Viewer, stored: string): boolean {
  if (viewer.kind === "team") return true;
  if (stored === "public") return true;
  if (viewer.kind === "anonymous" || stored === "internal") return false;
  const slugs = stored.split(",");
  return viewer.audiences.some((a) => slugs.includes(a));
}

export interface StoredMessage {
  kind: "public" | "variant" | "internal";
  audienceSlug: string | null;
  body: string;
  translations?: Translations;
}

/**
 * The words a viewer gets for one update: the variant of their highest-precedence audience
 * that has one, else the public message. Internal notes are never picked — the console
 * reads them directly, not through this function. Null when nothing is meant for them.
 */
export function pickMessage(viewer: Viewer, messages: readonly StoredMessage[]): PickedMessage | null {
  if (viewer.kind === "audience") {
    for (const slug of viewer.audiences) {
      const variant = messages.find((m) => m.kind === "variant" && m.audienceSlug === slug);
      if (variant) return picked(variant, slug);
    }
  }
  const pub = messages.find((m) => m.kind === "public");
  return pub ? picked(pub, null) : null;
}

/** The picked message's words, and its translations (only that message's: they share its visibility). */
export interface PickedMessage {
  body: string;
  audience: string | null;
  translations?: Translations;
}

function picked(m: StoredMessage, audience: string | null): PickedMessage {
  const translated = m.translations && Object.keys(m.translations).length > 0;
  return translated ? { body: m.body, audience, translations: m.translations } : { body: m.body, audience };
}
