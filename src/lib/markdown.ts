import { micromark, parse, postprocess, preprocess } from "micromark";

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

const DESTINATIONS = new Set(["resourceDestinationString", "definitionDestinationString"]);
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The same Markdown with every relative link destination (`[status](/incidents/abc)`, and
 * reference definitions) made absolute against `base` — for emails, webhooks and chat, which have
 * no page to be relative to. Found by micromark's own parser, so code spans and text stay untouched.
 */
export function absoluteMarkdownLinks(source: string, base: string): string {
  if (!source.includes("](") && !source.includes("]:")) return source;
  const root = base.replace(/\/$/, "");
  const events = postprocess(
    parse()
      .document()
      .write(preprocess()(source, undefined, true)),
  );
  let out = "";
  let last = 0;
  for (const [kind, token] of events) {
    if (kind !== "enter" || !DESTINATIONS.has(token.type)) continue;
    const start = token.start.offset;
    const end = token.end.offset;
    const destination = source.slice(start, end);
    if (HAS_SCHEME.test(destination)) continue;
    const absolute = destination.startsWith("//")
      ? `${new URL(root).protocol}${destination}`
      : `${root}${destination.startsWith("/") ? "" : "/"}${destination}`;
    out += source.slice(last, start) + absolute;
    last = end;
  }
  return out + source.slice(last);
}
