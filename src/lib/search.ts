/** Case-insensitive "contains every word" search over a row's text. */
export function matches(text: string, query: string | null): boolean {
  const words = (query ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const hay = text.toLowerCase();
  return words.every((w) => hay.includes(w));
}
