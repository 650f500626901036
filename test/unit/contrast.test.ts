import { describe, expect, it } from "vitest";
import { brandColors, contrastRatio, DARK_BACKGROUND, LIGHT_BACKGROUND, luminance } from "../../src/lib/contrast.ts";

describe("brand colours people can read (WCAG AA)", () => {
  it("computes WCAG luminance and contrast", () => {
    expect(luminance("#000000")).toBe(0);
    expect(luminance("#ffffff")).toBe(1);
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  it("puts white on a dark brand and near-black on a light one", () => {
    expect(brandColors("#2457d6").buttonText).toBe("#ffffff");
    expect(brandColors("#ffd400").buttonText).toBe("#000000");
    expect(brandColors("#7fffd4").buttonText).toBe("#000000");
  });

  it.each(["#2457d6", "#ffd400", "#7fffd4", "#ff0000", "#000000", "#ffffff", "#0d1117", "#808080", "#8a8a8a", "#c04080"])(
    "links in %s reach 4.5:1 on the light and the dark page, and the button text is the better of the two",
    (brand) => {
      const c = brandColors(brand);
      expect(contrastRatio(c.linkLight, LIGHT_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(c.linkDark, DARK_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
      const other = c.buttonText === "#ffffff" ? "#000000" : "#ffffff";
      expect(contrastRatio(c.buttonText, brand)).toBeGreaterThanOrEqual(contrastRatio(other, brand));
      expect(contrastRatio(c.buttonText, brand)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it("keeps a brand colour that already reads well as it is", () => {
    expect(brandColors("#1f4fc2").linkLight).toBe("#1f4fc2");
  });
});
