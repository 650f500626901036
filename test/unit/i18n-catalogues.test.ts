import { describe, expect, it } from "vitest";
import { en } from "../../src/i18n/en.ts";
import { CATALOGUES, LOCALES, type MessageKey, translator } from "../../src/i18n/index.ts";

const englishKeys = Object.keys(en).sort();
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const isPlural = (text: string) => /^(zero|one|two|few|many|other):/.test(text);

describe("catalogues", () => {
  it("ships one catalogue per locale", () => {
    expect(Object.keys(CATALOGUES).sort()).toEqual([...LOCALES].sort());
  });

  for (const locale of LOCALES) {
    describe(locale, () => {
      const catalogue = CATALOGUES[locale] as Record<string, string>;

      it("has every English key and no other", () => {
        const keys = Object.keys(catalogue);
        expect(
          englishKeys.filter((k) => !keys.includes(k)),
          "missing keys",
        ).toEqual([]);
        expect(
          keys.filter((k) => !(k in en)),
          "keys English does not have",
        ).toEqual([]);
      });

      it("fills the same placeholders as English, with no empty strings", () => {
        for (const key of englishKeys) {
          const text = catalogue[key] ?? "";
          expect(text.trim(), key).not.toBe("");
          expect(placeholders(text), key).toEqual(placeholders(en[key as MessageKey]));
          expect(isPlural(text), `${key} is a plural in English, so it must be one here`).toBe(isPlural(en[key as MessageKey]));
          if (isPlural(text)) expect(text, key).toMatch(/(^|\|)other:/);
        }
      });
    });
  }

  it("a catalogue missing a key fails the parity check (the check can fail)", () => {
    const broken: Record<string, string> = { ...CATALOGUES.de };
    delete broken["page.skip"];
    broken["page.extra"] = "Extra";
    const keys = Object.keys(broken);
    expect(englishKeys.filter((k) => !keys.includes(k))).toEqual(["page.skip"]);
    expect(keys.filter((k) => !(k in en))).toEqual(["page.extra"]);
  });
});

describe("translator", () => {
  it("fills placeholders and falls back to English for an unknown locale", () => {
    expect(translator("de")("history.bar", { name: "API" })).toBe("Verlauf der letzten 90 Tage: API");
    expect(translator("xx")("page.history")).toBe("History");
    expect(translator("xx").locale).toBe("en");
  });

  it("says which way the text runs", () => {
    expect(translator("ar").dir).toBe("rtl");
    expect(translator("ja").dir).toBe("ltr");
  });

  it("picks plural forms by the locale's rules and writes numbers its way", () => {
    expect(translator("en").plural("history.count", 1)).toBe("1 incident or maintenance this month");
    expect(translator("en").plural("history.count", 1200)).toBe("1,200 incidents and maintenance this month");
    expect(translator("de").plural("history.count", 1200)).toBe("1.200 Vorfälle und Wartungen in diesem Monat");
    expect(translator("ja").plural("history.count", 3)).toBe("今月のインシデントとメンテナンス：3 件");
    expect(translator("ar").plural("history.count", 2)).toBe("حادثان أو عملا صيانة هذا الشهر");
    expect(translator("ar").plural("history.count", 5)).toContain("حوادث");
    expect(translator("ar").plural("history.count", 0)).toBe("لا حوادث ولا أعمال صيانة هذا الشهر");
  });

  it("formats percentages and durations through Intl", () => {
    expect(translator("en").percent(99.95, 2)).toBe("99.95%");
    expect(translator("de").percent(99.95, 2)).toBe("99,95\u00a0%");
    expect(translator("de").duration(185 * 60_000)).toBe("3 Std., 5 Min.");
    expect(translator("ja").duration(47 * 60_000)).toBe("47 分");
  });
});
