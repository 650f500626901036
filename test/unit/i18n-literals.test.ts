import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Public surfaces must not carry English words of their own: every label goes through the translator.
 * The scanner looks at text between tags and at human-facing attributes in .astro files, and at text
 * inside HTML and at sentence-like string literals in .ts files. Names, URLs, CSS and code are ignored.
 */
const root = path.resolve(import.meta.dirname, "../..");
const TRANSLATED = [
  "src/layouts/Base.astro",
  "src/components/public/Banner.astro",
  "src/components/public/ComponentRow.astro",
  "src/components/public/HistoryBar.astro",
  "src/components/public/IncidentDetail.astro",
  "src/components/public/IncidentSummary.astro",
  "src/components/public/StatusLabel.astro",
  "src/components/public/Time.astro",
  "src/components/public/UpdateFeedback.astro",
  "src/components/public/Updated.astro",
  "src/components/public/history-bar.ts",
  "src/pages/index.astro",
  "src/pages/history.astro",
  "src/pages/embed.astro",
  "src/pages/incidents/[id].astro",
  "src/pages/maintenance/[id].astro",
  "src/pages/404.astro",
  "src/pages/500.astro",
  "src/pages/subscribe.astro",
  "src/services/public/feeds.ts",
  "src/services/public/badge.ts",
  "emails/incident-update.ts",
  "emails/maintenance-notice.ts",
  "emails/closure.ts",
  "emails/commitment-followup.ts",
  "emails/postmortem.ts",
  "emails/components/incident.ts",
  "emails/components/layout.ts",
  "emails/confirmation.ts",
  "src/pages/confirm/[token].astro",
  "src/pages/unsubscribe/[token].astro",
  "src/pages/report.astro",
  "src/pages/feedback/[updateId].astro",
  "src/pages/access/index.astro",
  "src/pages/access/verify.astro",
  "src/pages/subscriptions/manage.astro",
  "emails/manage-code.ts",
  "emails/component-status.ts",
  "src/pages/report/confirm/[reportId].astro",
  "emails/report-confirm.ts",
  "emails/report-resolved.ts",
];
/** Public surfaces still in English (see src/content/docs/languages.md): listed so the gap stays visible. */
const NOT_YET_TRANSLATED = ["src/pages/feedback/rate/[incidentId].astro", "src/pages/ack/[token].astro"];

const NOT_WORDS = /^(Clarion|Atom|RSS|UTC|JSON|SVG|HTML|API)$/;

function astroLiterals(source: string): string[] {
  const body = source
    .replace(/^---[\s\S]*?\n---/, "")
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<script[\s\S]*?<\/script>/g, "");
  const found: string[] = [];
  // Expressions are code; what is left between tags is text a reader sees.
  const text = stripExpressions(body);
  for (const m of text.matchAll(/>([^<>]+)</g)) if (isWords(m[1] ?? "")) found.push((m[1] ?? "").trim());
  for (const m of text.matchAll(/\b(aria-label|title|alt|placeholder)="([^"]*)"/g)) if (isWords(m[2] ?? "")) found.push(m[2] ?? "");
  return found;
}

function tsLiterals(source: string): string[] {
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

function stripExpressions(s: string): string {
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

/** Text with at least one real word in it (not a product name or an acronym). */
const isWords = (s: string) => (s.match(/[A-Za-z]{2,}/g) ?? []).some((w) => !NOT_WORDS.test(w));
/** A sentence-like string literal: words with spaces, not a class list, a key, a header or CSS. */
const isSentence = (s: string) =>
  /[A-Za-z]{2,} [A-Za-z]{2,}/.test(s) &&
  !/[:;]\s*\S+;|^[a-z][\w-]*( [a-z][\w-]*)*$/.test(s) &&
  /[A-Z]/.test(s) &&
  !/^[A-Z][\w-]+(, [A-Z][\w-]+)*$/.test(s);

describe("no English literals on translated public surfaces", () => {
  for (const file of TRANSLATED) {
    it(file, () => {
      const source = readFileSync(path.join(root, file), "utf8");
      const literals = file.endsWith(".astro") ? astroLiterals(source) : tsLiterals(source);
      expect(literals, "put these in src/i18n/en.ts and call t()").toEqual([]);
    });
  }

  it("the scanner finds a literal when there is one (it can fail)", () => {
    expect(astroLiterals('---\nconst a = 1;\n---\n<p>Was this helpful?</p><p>{t("x")}</p>')).toEqual(["Was this helpful?"]);
    expect(astroLiterals('<nav aria-label="Status page"><a href="/">{t("a")}</a></nav>')).toEqual(["Status page"]);
    const dollar = "$";
    const emailSource = `const s = \`<p>${dollar}{t('a')}</p><a href="${dollar}{u}">See the full timeline</a>\`;`;
    expect(tsLiterals(emailSource)).toEqual(["See the full timeline"]);
    expect(tsLiterals('const reason = "You receive this because you subscribed.";')).toEqual(["You receive this because you subscribed."]);
    expect(tsLiterals('const css = "margin:0 0 16px; color:#fff;"; const cls = "muted small";')).toEqual([]);
  });

  it("the surfaces listed as still in English really are (translate one, then move it to TRANSLATED)", () => {
    for (const file of NOT_YET_TRANSLATED) {
      const source = readFileSync(path.join(root, file), "utf8");
      const literals = file.endsWith(".astro") ? astroLiterals(source) : tsLiterals(source);
      expect(literals.length, file).toBeGreaterThan(0);
    }
  });
});
