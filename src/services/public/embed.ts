import type { PageTheme } from "../settings/schemas.ts";

export const EMBED_THEME_PATTERN = /^(auto|light|dark)$/;
export const EMBED_COMPACT_PATTERN = /^1$/;

/** The widget's options from its query: `?theme=light|dark|auto` (the host page's, else the page's setting) and `?compact=1`. */
export function embedOptions(query: URLSearchParams): { theme: PageTheme | undefined; compact: boolean } {
  const theme = query.get("theme");
  return {
    theme: theme && EMBED_THEME_PATTERN.test(theme) ? (theme as PageTheme) : undefined,
    compact: query.get("compact") === "1",
  };
}
