import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "../../src/auth/cookies.ts";
import { hasPersonalCookie, VIEWER_COOKIE } from "../../src/projection/index.ts";
import { viewerCookie } from "../../src/services/viewers/verify.ts";

const src = path.resolve(import.meta.dirname, "../../src");

describe("the viewer cookie", () => {
  it("is spelled in one place, so a rename cannot send personal pages into the shared cache", () => {
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => /\.(ts|astro|mjs)$/.test(f));
    const spelled = files.filter((f) => readFileSync(path.join(src, f), "utf8").includes(VIEWER_COOKIE));
    expect(spelled).toEqual([path.join("projection", "viewer-cookie.ts")]);
  });

  it("the cookie set at verification is the one the cache and the projection read", () => {
    const set = viewerCookie("https://status.example.com/", "abc.def", null);
    expect(set.startsWith(`${VIEWER_COOKIE}=abc.def;`)).toBe(true);
    expect(hasPersonalCookie(set.split(";")[0])).toBe(true);
  });

  it("hasPersonalCookie: the viewer and both session cookies are personal; look-alikes are not", () => {
    for (const name of [VIEWER_COOKIE, SESSION_COOKIE, SECURE_SESSION_COOKIE]) {
      expect(hasPersonalCookie(`${name}=x`), name).toBe(true);
      expect(hasPersonalCookie(`theme=dark; ${name}=x`), name).toBe(true);
      expect(hasPersonalCookie(`not_${name}=x`), name).toBe(false);
    }
    expect(hasPersonalCookie("theme=dark")).toBe(false);
    expect(hasPersonalCookie(undefined)).toBe(false);
  });
});
