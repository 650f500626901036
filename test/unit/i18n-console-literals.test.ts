import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "../../src/i18n/console/en.ts";
import { t, tp } from "../../src/i18n/console/index.ts";
import { astroLiterals, classNamesIn, consoleTsLiterals } from "../helpers/literal-scan.ts";

/**
 * The console's words live in src/i18n/console/en.ts, so another language is a file, not a rewrite.
 * Every console page and component is scanned for English of its own (the same rules as the public
 * scan); a file still in English must be listed below, and leaves the list once it is converted.
 * The console's TypeScript (form notices in src/console, label helpers) gets the stricter rule, which
 * also catches one-word notices ("Saved.") and those that start with a value (`${email} added.`).
 */
const root = path.resolve(import.meta.dirname, "../..");
const CONSOLE_DIRS = ["src/pages/admin", "src/components/admin", "src/console"];
const CONSOLE_FILES = ["src/layouts/Admin.astro"];

/** Console files not converted yet; each must still have English literals (take it off once converted). None today. */
const NOT_YET_CONVERTED: string[] = [];

function walk(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const file = `${dir}/${name}`;
    return statSync(path.join(root, file)).isDirectory() ? walk(file) : [file];
  });
}

const consoleFiles = [...CONSOLE_DIRS.flatMap(walk), ...CONSOLE_FILES].filter((f) => /\.(astro|ts)$/.test(f));
/** The class names every layout, page and component defines, so a class list in an expression is not words. */
const classes = classNamesIn(
  ["src/layouts", "src/pages", "src/components"]
    .flatMap(walk)
    .filter((f) => f.endsWith(".astro") || f.endsWith(".css"))
    .map(
      (f) =>
        readFileSync(path.join(root, f), "utf8")
          .match(/<style[\s\S]*?<\/style>/g)
          ?.join("\n") ?? "",
    )
    .join("\n"),
);
const literalsIn = (file: string) => {
  const source = readFileSync(path.join(root, file), "utf8");
  return file.endsWith(".astro") ? astroLiterals(source, { classes }) : consoleTsLiterals(source);
};

describe("no English literals in converted console files", () => {
  for (const file of consoleFiles.filter((f) => !NOT_YET_CONVERTED.includes(f))) {
    it(file, () => {
      expect(literalsIn(file), "put these in src/i18n/console/en.ts and call t()").toEqual([]);
    });
  }
  it("every file on the not-yet list still needs converting (take it off the list once it is done)", () => {
    const done = NOT_YET_CONVERTED.filter((f) => existsSync(path.join(root, f)) && literalsIn(f).length === 0);
    expect(done).toEqual([]);
  });
  it("the scanner finds a literal when there is one (so it can fail)", () => {
    expect(astroLiterals('---\nconst x = 1;\n---\n<p>Save changes</p><input aria-label="Search incidents" />')).toEqual([
      "Save changes",
      "Search incidents",
    ]);
    expect(astroLiterals('<p>{t("a.b")}</p>')).toEqual([]);
    // A comparison in an expression is not the end of a tag: the words before it are still found.
    expect(astroLiterals('<p>Commitments made when closing.{" "}{n > 0 && <a href="?x">{t("a.b")}</a>}</p>')).toEqual([
      "Commitments made when closing.",
    ]);
  });
  it("the console's .astro code scan finds words in expressions but not class lists or code attributes", () => {
    const source = '<p>{a ? "none came due" : "msg public"}</p><p>{x && <a class="button post" href="/a b">{t("a.b")}</a>}</p>';
    expect(astroLiterals(source, { classes: classNamesIn(".msg { } .public { }") })).toEqual(["none came due"]);
    expect(astroLiterals(source)).toEqual([]);
  });
  it("the console's TypeScript scan finds one-word notices and notices that start with a value", () => {
    const source = [
      'import { t } from "../../i18n/console/index.ts";',
      'const a = () => "Saved.";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text for the scanner
      "const b = (email: string) => `${email} added.`;",
      'const c = { notice: "Report logged; it is in the triage queue." };',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text for the scanner
      'const d = t("form.saved", { key: `variant.${1}` }) + "incident.close" + "text/plain; charset=utf-8";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text for the scanner
      "const e = `/admin/incidents/${1}`;",
    ].join("\n");
    expect(consoleTsLiterals(source)).toEqual(["Report logged; it is in the triage queue.", "Saved.", "added."]);
  });
});

describe("the console catalogue", () => {
  it("fills placeholders and plurals", () => {
    expect(t("overview.open_for", { span: "3 min" })).toBe("open for 3 min");
    expect(tp("overview.firing_alerts", 1)).toBe("1 firing alert");
    expect(tp("overview.firing_alerts", 1200)).toBe("1,200 firing alerts");
  });
  it("has no empty strings", () => {
    expect(Object.entries(en).filter(([, v]) => !v.trim())).toEqual([]);
  });
});
