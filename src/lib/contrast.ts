/**
 * Brand colours people can read: WCAG 2 relative luminance and contrast ratio, and the colours the
 * public page derives from one brand colour so buttons and links meet AA (4.5:1) whatever the owner picks.
 */

function channels(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex(rgb: readonly number[]): string {
  return `#${rgb
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

/** WCAG 2 relative luminance of "#rrggbb", 0 (black) to 1 (white). */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio between two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Moves a colour towards black or white in small steps until it reaches `ratio` against `background`. */
export function readableOn(color: string, background: string, ratio = 4.5): string {
  const target = luminance(background) > 0.18 ? [0, 0, 0] : [255, 255, 255];
  const from = channels(color);
  for (let step = 0; step <= 20; step++) {
    const mixed = toHex(from.map((c, i) => c + ((target[i] as number) - c) * (step / 20)));
    if (contrastRatio(mixed, background) >= ratio) return mixed;
  }
  return toHex(target);
}

export interface BrandColors {
  /** The button's background: the brand colour itself. */
  button: string;
  /** White or black, whichever reads better on the button: one of the two always reaches 4.5:1. */
  buttonText: string;
  /** Links on the light and the dark page background: the brand colour, darkened or lightened to 4.5:1. */
  linkLight: string;
  linkDark: string;
}

/** The page's lightest-contrast surfaces (the panels, not the page), so a link is readable on both. */
export const LIGHT_BACKGROUND = "#f6f8fa";
export const DARK_BACKGROUND = "#161b22";

/** Everything the public page colours with the brand, from the one colour the owner chose. */
export function brandColors(brand: string): BrandColors {
  const white = contrastRatio("#ffffff", brand);
  const dark = contrastRatio("#000000", brand);
  return {
    button: brand,
    buttonText: white >= dark ? "#ffffff" : "#000000",
    linkLight: readableOn(brand, LIGHT_BACKGROUND),
    linkDark: readableOn(brand, DARK_BACKGROUND),
  };
}
