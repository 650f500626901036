import type { MarkdownInstance } from "astro";

/** One operator guide: its slug (the file name), title (its first heading) and rendered content. */
export interface DocPage {
  slug: string;
  title: string;
  Content: MarkdownInstance<Record<string, never>>["Content"];
}

/** The order a newcomer reads them in; guides not listed follow alphabetically. */
const ORDER = [
  "public-page",
  "incident-communication",
  "closing-the-loop",
  "console",
  "reviews-and-feedback",
  "subscribers",
  "intake",
  "team",
  "security",
  "authorization",
  "status-model",
  "caching",
  "languages",
  "delivery",
  "operations",
  "deploy",
  "scale-out",
  "monitoring",
  "admin-api",
  "architecture",
];

const modules = import.meta.glob<MarkdownInstance<Record<string, never>>>("../content/docs/*.md", { eager: true });

function slugOf(path: string): string {
  return path.replace(/^.*\//, "").replace(/\.md$/, "");
}

function rank(slug: string): number {
  const at = ORDER.indexOf(slug);
  return at === -1 ? ORDER.length : at;
}

/** Every guide under src/content/docs/, in reading order. */
export const docPages: DocPage[] = Object.entries(modules)
  .map(([path, doc]) => {
    const slug = slugOf(path);
    const title = doc.getHeadings().find((h) => h.depth === 1)?.text ?? slug;
    return { slug, title, Content: doc.Content };
  })
  .sort((a, b) => rank(a.slug) - rank(b.slug) || a.title.localeCompare(b.title));

export function findDoc(slug: string): DocPage | undefined {
  return docPages.find((d) => d.slug === slug);
}
