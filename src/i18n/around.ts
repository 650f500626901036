import type { MessageKey, Translator } from "./index.ts";

const MARK = "\u0000";

/**
 * A message split at one placeholder, so a page can wrap that value in markup wherever the language
 * puts it: `<bdi>` around an English incident title inside Arabic keeps its quotes on the right sides.
 */
export function around(t: Translator, key: MessageKey, name: string, vars: Record<string, string | number> = {}): [string, string] {
  const [before = "", after = ""] = t(key, { ...vars, [name]: MARK }).split(MARK);
  return [before, after];
}
