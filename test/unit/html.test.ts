import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../src/lib/html.ts";

describe("escapeHtml", () => {
  it("escapes markup and both quote kinds, ampersands first", () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  });

  it("returns plain text unchanged", () => {
    expect(escapeHtml("Partial outage — API")).toBe("Partial outage — API");
  });
});
