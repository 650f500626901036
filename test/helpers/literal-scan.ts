/**
 * Finds English words a reader would see in a source file: text between tags and human-facing
 * attributes in .astro files; text inside HTML and sentence-like string literals in .ts files.
 * Names, URLs, CSS and code are ignored. The one scanner for the public (test/unit/i18n-literals.test.ts)
 * and console (test/unit/i18n-console-literals.test.ts) scans.
 */
const NOT_WORDS = /^(Clarion|Atom|RSS|UTC|JSON|SVG|HTML|API|CSV|ID)$/;

export function stripExpressions(s: string): string {
  let out = "";
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "$" && s[i + 1] === "{") continue;
    if (c === "{") depth++;
    else if (c === "}") depth = Math.max(0, depth - 1);
    else if (depth === 0) out += c;
  }
  return out;
}

/** Text with at least one real word in it (not a product name, an acronym or a URL such as the placeholder "https://"). */
export const isWords = (s: string): boolean =>
  (s.replace(/\bhttps?:\/\/\S*/g, "").match(/[A-Za-z]{2,}/g) ?? []).some((w) => !NOT_WORDS.test(w));

/** A sentence-like string literal: words with spaces, not a class list, a key, a header or CSS. */
export const isSentence = (s: string): boolean =>
  /[A-Za-z]{2,} [A-Za-z]{2,}/.test(s) &&
  !/[:;]\s*\S+;|^[a-z][\w-]*( [a-z][\w-]*)*$/.test(s) &&
  /[A-Z]/.test(s) &&
  !/^[A-Z][\w-]+(, [A-Z][\w-]+)*$/.test(s);

const HUMAN_ATTRIBUTES = /^(aria-label|title|alt|placeholder|label|legend|summary|caption)$/i;
const CODE_ATTRIBUTES =
  /^(href|src|class|id|name|type|value|for|rel|method|action|enctype|accept|autocomplete|d|viewBox|role|lang|dir|style|pattern|inputmode|datetime|data-[\w-]+|aria-(describedby|labelledby|controls|current|hidden|invalid|live))$/i;

/**
 * For the console: the code of an .astro file (frontmatter, expressions) is scanned with the stricter
 * TypeScript rule too; `classes` are the CSS class names the pages define, so `"panel confirm"` is a
 * class list, not words.
 */
export interface StrictCode {
  classes: ReadonlySet<string>;
}

/** Every class name a stylesheet or <style> block defines (".tag", ".msg.public"). */
export function classNamesIn(css: string): Set<string> {
  return new Set([...css.matchAll(/\.(-?[A-Za-z_][\w-]*)/g)].map((m) => m[1] ?? ""));
}

const isClassList = (text: string, classes: ReadonlySet<string>): boolean => text.split(/\s+/).every((word) => classes.has(word));
/** An SVG keyword pair or other camelCase code ("xMidYMid meet"). */
const isCamelCode = (text: string): boolean => /\b[a-z]+[A-Z]\w*\b/.test(text);

export function astroLiterals(source: string, strict?: StrictCode): string[] {
  const body = source
    .replace(/^---[\s\S]*?\n---/, "")
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    // What is inside <code> is code (a column name, a command, a variable), the same in every language.
    .replace(/<code>[^<]*<\/code>/g, "<code></code>")
    // Comparisons and arrows in {expressions} are not the end of a tag: `{n > 0 && <a>…` hid the text before it.
    .replace(/\s>=?\s/g, " gt ")
    .replace(/=>/g, "⇒");
  const found: string[] = [];
  // Text right after a tag, up to the next tag, outside and inside {expressions}: what a reader sees.
  for (const m of body.matchAll(/(?:<[A-Za-z][^<>]*>|<\/[A-Za-z][\w.-]*>)([^<>]+)(?=<)/g)) {
    const text = stripExpressions(m[1] ?? "");
    // After a tag inside an {expression}, what follows may be code again (") : due < 0 ? (").
    if (/^\s*[):?]|&&|\|\||⇒|\?\s*\(/.test(text)) continue;
    if (isWords(text)) found.push(text.trim());
  }
  for (const m of body.matchAll(/\s([\w:-]+)="([^"]*)"/g)) {
    const [name, value] = [m[1] ?? "", m[2] ?? ""];
    if (CODE_ATTRIBUTES.test(name)) continue;
    if (HUMAN_ATTRIBUTES.test(name) ? isWords(value) : isSentence(value)) found.push(value);
  }
  // Frontmatter and expressions are code: their sentence-like strings are words too.
  const code = codeOf(source);
  if (!strict) return [...found, ...tsLiterals(code)];
  // Markup inside an expression keeps its attributes; class, href and the like are code, not words.
  const withoutCodeAttributes = code.replace(/\s([\w:-]+)="[^"]*"/g, (whole, name: string) => (CODE_ATTRIBUTES.test(name) ? "" : whole));
  const words = consoleTsLiterals(withoutCodeAttributes).filter((text) => !isClassList(text, strict.classes) && !isCamelCode(text));
  return [...found, ...words];
}

/** The frontmatter and every {expression} of an .astro file, as code. */
function codeOf(source: string): string {
  const front = /^---([\s\S]*?)\n---/.exec(source)?.[1] ?? "";
  const body = source.replace(/^---[\s\S]*?\n---/, "").replace(/<style[\s\S]*?<\/style>/g, "");
  const expressions: string[] = [];
  let depth = 0;
  let current = "";
  for (const c of body) {
    if (c === "{") {
      if (depth > 0) current += c;
      depth++;
    } else if (c === "}") {
      depth = Math.max(0, depth - 1);
      if (depth === 0) {
        expressions.push(current);
        current = "";
      } else current += c;
    } else if (depth > 0) current += c;
  }
  return [front, ...expressions].join("\n");
}

export function tsLiterals(source: string): string[] {
  // Preview props are sample data for the email previews, not words the product says.
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "")
    .replace(/export const preview\w*[\s\S]*?\n};/g, "");
  const found: string[] = [];
  for (const m of code.matchAll(/`([^`]*)`|"([^"\n]*)"/g)) {
    const literal = (m[1] ?? m[2] ?? "").replace(/<style[\s\S]*?<\/style>/g, "");
    const withoutCode = stripExpressions(literal);
    if (/[<>]/.test(withoutCode)) {
      for (const t of withoutCode.matchAll(/>([^<>]+)</g)) if (isWords(t[1] ?? "")) found.push((t[1] ?? "").trim());
    } else if (isSentence(withoutCode)) found.push(withoutCode);
  }
  return found;
}

/**
 * Stricter, for the console's own TypeScript (src/console): a notice there is often one word ("Saved.")
 * or starts with a value (`${email} added.`), which the sentence rule above lets through. Here any
 * literal whose words end a sentence, or that has two words side by side, is words for people;
 * import paths, URLs, keys ("incident.close") and header values are not.
 */
export function consoleTsLiterals(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found = new Set(tsLiterals(source));
  for (const m of code.matchAll(/`([^`]*)`|"([^"\n]*)"/g)) {
    const raw = stripExpressions(m[1] ?? m[2] ?? "");
    const text = raw.trim();
    if (!isWords(text) || /^[./@]|^\w+:\/\/|^[\w-]+\/[\w+.-]+(;|$)/.test(text)) continue;
    // "variant." is a key's prefix (`variant.${i}`); "Saved." and " added." (after a value) are words.
    const endsSentence = /[A-Za-z]{2,}[”"')]*[.!?…][”"')]*$/.test(text) && /[A-Z]|\s/.test(raw);
    const wordsSideBySide = /[A-Za-z]{2,}[”"')]*,?\s+[“"(]*[A-Za-z]{2,}/.test(text);
    if (endsSentence || wordsSideBySide) found.add(text);
  }
  return [...found];
}
