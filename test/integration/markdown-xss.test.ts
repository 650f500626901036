import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/lib/markdown.ts";
import { renderTemplate } from "../../src/services/templates/render.ts";

/** Payloads from the OWASP XSS filter-evasion cheat sheet and markdown-specific tricks. */
const PAYLOADS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "<svg/onload=alert(1)>",
  "<iframe src=javascript:alert(1)></iframe>",
  '<a href="javascript:alert(1)">x</a>',
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click](  javascript:alert(1))",
  "[click](java\tscript:alert(1))",
  "[click](&#106;avascript:alert(1))",
  "[click](vbscript:msgbox(1))",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "<javascript:alert(1)>",
  "![x](javascript:alert(1))",
  '![x" onerror="alert(1)](https://example.com/a.png)',
  '[x](https://example.com "title\\" onmouseover=\\"alert(1)")',
  "[x](<javascript:alert(1)>)",
  "[ref]\n\n[ref]: javascript:alert(1)",
  "<details open ontoggle=alert(1)>",
  "<style>body{background:url(javascript:alert(1))}</style>",
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  "```html\n<script>alert(1)</script>\n```",
  "`<script>alert(1)</script>`",
  "<<script>script>alert(1)<</script>/script>",
  "<!-- --><script>alert(1)</script>",
  "<form action=javascript:alert(1)><button>x</button></form>",
  '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
  "<object data=javascript:alert(1)>",
  "<base href=javascript:alert(1)//>",
  '[x](https://example.com/"onmouseover="alert(1))',
  "*<b onmouseover=alert(1)>x</b>*",
  "> <img src=x onerror=alert(1)>",
  "- <a href=javascript:alert(1)>x</a>",
  '[x](#" onclick="alert(1))',
];

const ALLOWED_TAGS = new Set([
  "p",
  "em",
  "strong",
  "a",
  "code",
  "pre",
  "ul",
  "ol",
  "li",
  "blockquote",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "br",
  "del",
]);
const ALLOWED_ATTRS: Record<string, string[]> = { a: ["href", "rel", "title"], ol: ["start"], code: ["class"] };
const SAFE_URL = /^(https?:|mailto:|#|\/)/i;

/** Every real tag in the output (escaped text is not a tag): only known tags, attributes and safe URLs. */
function unsafeHtml(html: string): string[] {
  const problems: string[] = [];
  for (const m of html.matchAll(/<\/?([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const tag = (m[1] as string).toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) problems.push(`tag <${tag}>`);
    const rest = (m[2] as string).replace(/\s*\/$/, "");
    const attrs = [...rest.matchAll(/\s([^\s=]+)(?:="([^"]*)")?/g)];
    const consumed = attrs.map((a) => a[0]).join("");
    if (consumed.length !== rest.length) problems.push(`unparsable attributes in <${tag}${rest}>`);
    for (const a of attrs) {
      const name = (a[1] as string).toLowerCase();
      if (!(ALLOWED_ATTRS[tag] ?? []).includes(name)) problems.push(`attribute ${name} on <${tag}>`);
      if (name === "href" && !SAFE_URL.test(a[2] ?? "")) problems.push(`unsafe href ${a[2]}`);
    }
  }
  return problems;
}

describe("markdown sanitizing pipeline", () => {
  it.each(PAYLOADS)("neutralizes %j", (payload) => {
    expect(unsafeHtml(renderMarkdown(payload))).toEqual([]);
  });

  it("the same payloads are harmless when they arrive through template values", () => {
    for (const payload of PAYLOADS) {
      const html = renderMarkdown(renderTemplate("Affected: {{component}}", { component: payload }));
      expect(unsafeHtml(html)).toEqual([]);
      expect(html).not.toContain("<a ");
    }
  });

  it("keeps ordinary markdown and safe links working", () => {
    expect(renderMarkdown("**Fixed** in [v2](https://example.com/v2).")).toBe(
      '<p><strong>Fixed</strong> in <a href="https://example.com/v2" rel="nofollow noopener noreferrer">v2</a>.</p>',
    );
    expect(renderMarkdown("![chart](https://example.com/c.png)")).toBe("<p>chart</p>");
  });

  it("the detector would catch an unsafe renderer (so the corpus can fail)", () => {
    const unsafe = (s: string) => s;
    expect(PAYLOADS.filter((p) => unsafeHtml(unsafe(p)).length).length).toBeGreaterThan(20);
  });
});
