/** Private audience views and their forms never enter a shared cache or a search index. */
export function privateHeaders(headers: Headers): void {
  headers.set("Cache-Control", "private, no-store");
  headers.set("Vary", "Cookie");
  headers.set("X-Robots-Tag", "noindex");
}
