/**
 * Characters outside XML 1.0's `Char` production (C0 controls but tab, CR and LF; lone surrogates;
 * U+FFFE/U+FFFF): one of them — pasted terminal output, `ESC[31m`, a backspace — makes the whole
 * document ill-formed for every reader, so they are dropped, never escaped (no escape is allowed).
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripNonXmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, "");
}

/** Text or attribute content for every XML Clarion writes (feeds, sitemap, badge). */
export function escapeXml(text: string): string {
  return stripNonXmlChars(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * An Atom entry id (RFC 4151 tag URI): the page's own host as the authority and the day the
 * item was created, which never changes — so ids stay stable as long as PUBLIC_URL's host does.
 */
export function tagUri(baseUrl: string, createdAt: Date, specific: string): string {
  return `tag:${new URL(baseUrl).hostname},${createdAt.toISOString().slice(0, 10)}:${specific}`;
}
