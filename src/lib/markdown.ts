import { micromark } from "micromark";

/**
 * The one markdown pipeline for web, feeds, JSON and email. micromark escapes raw HTML and
 * drops dangerous link protocols (javascript:, data:, vbscript:) by default; on top of that
 * every link opens safely and images are not rendered (a status update needs no tracking pixels).
 */
export function renderMarkdown(source: string): string {
  const html = micromark(source, { allowDangerousHtml: false, allowDangerousProtocol: false });
  return html
    .replace(/<img [^>]*alt="([^"]*)"[^>]*>/g, (_m, alt: string) => alt)
    .replace(/<a href="([^"]*)"/g, (_m, href: string) => (href ? `<a href="${href}" rel="nofollow noopener noreferrer"` : "<a"));
}

/** Plain text for email text parts, feeds' summaries and SMS-length previews. */
export function markdownToText(source: string): string {
  return renderMarkdown(source)
    .replace(/<br\s*\/?>/g, "\n")
    .replace(/<\/(p|li|h[1-6]|blockquote|pre)>/g, "\n")
    .replace(/<li>/g, "- ")
    .replace(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g, (_m, href: string, text: string) =>
      href && href !== text ? `${text} (${href})` : text,
    )
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
