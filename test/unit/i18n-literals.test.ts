import { readdirSync, readFileSync } from "node:fs";
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
/** Files reached by the walk below are scanned too; these are public surfaces outside it. */
const LISTED = [
  "src/layouts/Base.astro",
  "src/services/public/feeds.ts",
  "src/services/public/badge.ts",
  "src/i18n/form-problem.ts",
  "src/services/feedback/request-email.ts",
];
/**
 * Every public page, public component, email and chat format is scanned, found by walking their
 * folders (a new page cannot be forgotten). Left out, each for its reason:
 */
const NOT_FOR_READERS: Record<string, string> = {
  "emails/escalation.ts": "paged to the team's on-call contacts: console side, English for now",
  "emails/invitation.ts": "sent to a new team member: console side",
  "emails/overdue-reminder.ts": "sent to the incident's owner: console side",
  "emails/drill-update.ts": "sent to the team during a drill: console side",
  "emails/previews.ts": "sample data for the email previews and screenshots",
  "src/notify/chat/message.ts": "the chat services' own names (Microsoft Teams, Google Chat)",
  "src/notify/chat/urls.ts":
    "the service's words for a refused URL, shared with the API; public forms show src/i18n/form-problem.ts instead",
  "src/notify/webhook-payload.ts": "Statuspage's fixed status description in the webhook's machine fields (the API contract is English)",
};
const walk = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(`${dir}/${e.name}`) : /\.(astro|ts)$/.test(e.name) ? [`${dir}/${e.name}`] : [],
  );
const TRANSLATED = [
  ...new Set([
    ...walk("src/pages").filter((f) => f.endsWith(".astro") && !f.startsWith("src/pages/admin/")),
    ...walk("src/components/public"),
    ...walk("emails"),
    ...walk("src/notify/chat"),
    "src/notify/webhook-payload.ts",
    ...LISTED,
  ]),
].filter((f) => !(f in NOT_FOR_READERS));
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

  it("walks every public page and email (the walk cannot silently find nothing)", () => {
    expect(TRANSLATED).toContain("src/pages/components/[id].astro");
    expect(TRANSLATED).toContain("emails/magic-link.ts");
    expect(TRANSLATED).toContain("src/notify/chat/google-chat.ts");
    expect(TRANSLATED.length).toBeGreaterThan(50);
  });

  it("the surfaces listed as still in English really are (translate one, then move it to TRANSLATED)", () => {
    for (const file of NOT_YET_TRANSLATED) expect(literalsIn(file).length, file).toBeGreaterThan(0);
  });
});
