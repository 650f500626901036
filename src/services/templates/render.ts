/** Placeholders a template may use; anything else is refused when the template is saved. */
export const PLACEHOLDERS = ["title", "component", "components", "started_at", "status", "impact", "next_update_by", "audience"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string>>;

const TOKEN = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** Placeholders named in a template source that Clarion does not know. */
export function unknownPlaceholders(source: string): string[] {
  return [...source.matchAll(TOKEN)].map((m) => m[1] as string).filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
}

/**
 * Values are data, not markdown: every markdown and HTML punctuation character is escaped,
 * so a component called `[x](javascript:…)` or `<b>` renders as those characters.
 */
export function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+\-.!<>|~&"]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
}

/** Renders a template's markdown; missing values become an empty string. */
export function renderTemplate(source: string, values: PlaceholderValues): string {
  return source.replace(TOKEN, (_m, name: string) => escapeMarkdown(values[name as Placeholder] ?? ""));
}

/** Plain-text rendering for titles (no markdown there). */
export function renderTemplateText(source: string, values: PlaceholderValues): string {
  return source.replace(TOKEN, (_m, name: string) => (values[name as Placeholder] ?? "").replace(/\s+/g, " "));
}
