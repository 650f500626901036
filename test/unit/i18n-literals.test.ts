import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { astroLiterals, tsLiterals } from "../helpers/literal-scan.ts";

/**
 * Public surfaces must not carry English words of their own: every label goes through the translator.
 * The scanner (test/helpers/literal-scan.ts, shared with the console's scan) looks at text between tags,
 * human-facing attributes and sentence-like strings in .astro files, and at text inside HTML and
 * sentence-like string literals in .ts files. Names, URLs, CSS, <code> and email preview props are ignored.
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
  "src/pages/feedback/rate/[incidentId].astro",
  "src/pages/ack/[token].astro",
  "src/pages/subscribe/verify.astro",
  "src/i18n/form-problem.ts",
  "src/services/feedback/request-email.ts",
];
/** Public surfaces still in English; each must still have English in it (take it off once translated). None today. */
const NOT_YET_TRANSLATED: string[] = [];

const literalsIn = (file: string): string[] => {
  const source = readFileSync(path.join(root, file), "utf8");
  return file.endsWith(".astro") ? astroLiterals(source) : tsLiterals(source);
};

describe("no English literals on translated public surfaces", () => {
  for (const file of TRANSLATED) {
    it(file, () => {
      expect(literalsIn(file), "put these in src/i18n/en.ts and call t()").toEqual([]);
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
    // The rules each scanner had before they became one: <code> is code, CSV and ID are not words,
    // frontmatter sentences count, email preview props are sample data.
    expect(astroLiterals('<p><code>Retry After</code></p><p>CSV</p><td>ID</td><input placeholder="https://" />')).toEqual([]);
    expect(astroLiterals('---\nconst about = "during this incident, Thanks";\n---\n<p>{about}</p>')).toEqual([
      "during this incident, Thanks",
    ]);
    expect(tsLiterals('export const previewProps = {\n  title: "Database is Slow today",\n};')).toEqual([]);
    expect(tsLiterals('export const preview = {\n  a: "x",\n};\nconst s = "Rate our updates";')).toEqual(["Rate our updates"]);
  });

  it("the surfaces listed as still in English really are (translate one, then move it to TRANSLATED)", () => {
    for (const file of NOT_YET_TRANSLATED) expect(literalsIn(file).length, file).toBeGreaterThan(0);
  });
});
