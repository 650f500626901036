import type { Actor } from "../../auth/permissions.ts";
import { isTimeZone, utcToZoned } from "../../lib/time-zone.ts";

/** The browser's zone, written by /console-time.js until the member chooses one on their account page. */
export const ZONE_COOKIE = "console_tz";

export interface ConsoleZone {
  zone: string;
  /** Where it came from: the member's setting, the browser (cookie), or UTC before either is known. */
  source: "member" | "browser" | "default";
}

function cookieZone(request: Request): string | undefined {
  for (const pair of (request.headers.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = pair.trim().split("=");
    if (name !== ZONE_COOKIE) continue;
    try {
      const value = decodeURIComponent(rest.join("="));
      return isTimeZone(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The zone the console shows and reads times in for this member and browser. */
export function consoleZone(actor: Actor | null | undefined, request: Request): ConsoleZone {
  const chosen = actor?.type === "member" ? actor.timeZone : undefined;
  if (chosen && isTimeZone(chosen)) return { zone: chosen, source: "member" };
  const browser = cookieZone(request);
  return browser ? { zone: browser, source: "browser" } : { zone: "UTC", source: "default" };
}

/** "2026-01-15 14:00 UTC": the instant a console field names, shown beside it. */
export function utcBeside(at: Date | undefined): string {
  return at ? `${utcToZoned(at, "UTC").replace("T", " ")} UTC` : "";
}

const localFormats = new Map<string, Intl.DateTimeFormat>();

/** "15 Jan 2026, 09:00 EST": an instant in the member's zone, for the server's first paint. */
export function whenIn(at: Date, zone: string): string {
  let f = localFormats.get(zone);
  if (!f) {
    const parts = { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
    f = new Intl.DateTimeFormat("en-GB", { ...parts, timeZone: zone, timeZoneName: "short" });
    localFormats.set(zone, f);
  }
  return f.format(at);
}
