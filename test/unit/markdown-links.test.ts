import { describe, expect, it } from "vitest";
import { loadEnv } from "../../src/env.ts";
import { absoluteMarkdownLinks } from "../../src/lib/markdown.ts";
import { listHeaders, oneClickAdvertised, oneClickWarning } from "../../src/notify/links.ts";

const BASE = "https://status.acme.test";

describe("absoluteMarkdownLinks", () => {
  it("resolves root-relative, path-relative, fragment and protocol-relative links, and reference definitions", () => {
    const source =
      '[a](/) [b](/incidents/abc) [c](history) [d](#top) [e](//cdn.acme.test/x) [f][ref] [g](</with space> "t")\n\n[ref]: /path';
    expect(absoluteMarkdownLinks(source, `${BASE}/`)).toBe(
      `[a](${BASE}/) [b](${BASE}/incidents/abc) [c](${BASE}/history) [d](${BASE}/#top) [e](https://cdn.acme.test/x) [f][ref] [g](<${BASE}/with space> "t")\n\n[ref]: ${BASE}/path`,
    );
  });

  it("leaves absolute links, mail links, code and plain text alone", () => {
    const source =
      "[x](https://a.test/) [m](mailto:ops@acme.test) `[c](/code)` text with /slashes and ](/not-a-link\n\n    [indented](/code-block)";
    expect(absoluteMarkdownLinks(source, BASE)).toBe(source);
  });

  it("keeps a path in PUBLIC_URL (a page served under /status)", () => {
    expect(absoluteMarkdownLinks("[a](/incidents/1)", "https://acme.test/status")).toBe("[a](https://acme.test/status/incidents/1)");
  });
});

describe("one-click unsubscribe over https only", () => {
  const env = (PUBLIC_URL?: string) => loadEnv({ NODE_ENV: "test", ...(PUBLIC_URL ? { PUBLIC_URL } : {}) });

  it("advertises List-Unsubscribe-Post for an https PUBLIC_URL, and warns about nothing", () => {
    expect(oneClickAdvertised(env(BASE))).toBe(true);
    expect(listHeaders(env(BASE), `${BASE}/unsubscribe/t`)["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(oneClickWarning(env(BASE))).toBeNull();
  });

  it("does not for http or an unset PUBLIC_URL, and the start-up warning says why and what to do", () => {
    expect(listHeaders(env("http://status.test"), "http://status.test/unsubscribe/t")).not.toHaveProperty("List-Unsubscribe-Post");
    expect(oneClickWarning(env("http://status.test"))).toMatch(/^PUBLIC_URL is http:\/\/status\.test, not https: .*Set PUBLIC_URL/);
    expect(oneClickWarning(env())).toMatch(/^PUBLIC_URL is not set: .*this machine.*Set PUBLIC_URL/);
  });
});
