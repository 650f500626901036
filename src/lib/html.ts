const SPECIAL = /[&<>"']/;

/** Escapes text for HTML element content and quoted attributes (emails, server-rendered bars). */
export function escapeHtml(value: string): string {
  if (!SPECIAL.test(value)) return value;
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
