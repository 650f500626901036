/** A console list's page of rows: which page, how many pages, and the rows on it. */
export interface Paged<T> {
  rows: T[];
  page: number;
  pages: number;
  total: number;
}

export const PAGE_SIZE = 50;

/** Cuts a filtered list into pages; a page number out of range shows the nearest page. */
export function paginate<T>(all: T[], pageParam: string | null, size = PAGE_SIZE): Paged<T> {
  const pages = Math.max(1, Math.ceil(all.length / size));
  const asked = Number.parseInt(pageParam ?? "1", 10);
  const page = Math.min(pages, Math.max(1, Number.isFinite(asked) ? asked : 1));
  return { rows: all.slice((page - 1) * size, page * size), page, pages, total: all.length };
}

/** The same list URL with one query parameter changed (or removed when empty), for pager and filter links. */
export function withParam(url: URL, name: string, value: string | number | null): string {
  const next = new URL(url);
  if (value === null || value === "") next.searchParams.delete(name);
  else next.searchParams.set(name, String(value));
  return `${next.pathname}${next.search}`;
}
