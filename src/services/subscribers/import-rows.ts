import type { DbOrTx } from "../../../db/client.ts";
import type { ServiceContext } from "../../auth/context.ts";
import type { Deps } from "../../deps.ts";
import { isAppError } from "../../lib/errors.ts";
import { loadComponentTree, TEAM } from "../../projection/index.ts";
import { insertEmailSubscriber } from "./add.ts";
import { AdminCreateSubscriber } from "./schemas.ts";

export interface ImportRowError {
  /** 1-based line number in the CSV, counting the header as line 1. */
  line: number;
  email: string;
  message: string;
}

const list = (v: string | undefined) =>
  (v ?? "")
    .split(/[;|\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
const bool = (v: string | undefined) =>
  v === undefined || v.trim() === "" ? undefined : ["1", "true", "yes", "y"].includes(v.trim().toLowerCase());

/** Reads one CSV row into the shared schema; a row that does not parse is reported with its reasons. */
export function parseImportRow(columns: string[], cells: string[], consent: boolean | string) {
  const get = (name: string) => cells[columns.indexOf(name)];
  return AdminCreateSubscriber.safeParse({
    email: (get("email") ?? "").trim(),
    components: list(get("components")),
    groups: list(get("groups")),
    audiences: list(get("audiences")),
    maintenance: bool(get("maintenance")),
    language: get("language")?.trim() || undefined,
    consent,
  });
}

/** Checks components and groups against one read of the component tree (not one per row). */
export async function followingChecker(db: DbOrTx): Promise<(input: AdminCreateSubscriber) => string | null> {
  const tree = await loadComponentTree(db, TEAM);
  const components = new Set(tree.all.map((c) => c.id));
  const groups = new Set(tree.groups.map((g) => g.id));
  return (input) => {
    const unknown = [
      ...input.components.filter((c) => !components.has(c)).map((c) => `components: unknown component ${c}`),
      ...input.groups.filter((g) => !groups.has(g)).map((g) => `groups: unknown group ${g}`),
    ];
    return unknown.length ? `Some components or groups do not exist (${unknown.join("; ")})` : null;
  };
}

/**
 * Adds one imported subscriber inside the chunk's transaction, in its own savepoint: a row that
 * breaks a rule is rolled back alone and reported; the others commit with the chunk.
 */
export async function importOneRow(
  tx: DbOrTx,
  deps: Pick<Deps, "clock" | "env">,
  ctx: ServiceContext,
  input: AdminCreateSubscriber,
): Promise<string | null> {
  try {
    await tx.transaction((sp) => insertEmailSubscriber(sp, deps, ctx, input, { import: true }));
    return null;
  } catch (err) {
    if (!isAppError(err)) throw err;
    const details = err.details?.map((d) => `${d.path}: ${d.message}`).join("; ");
    return details ? `${err.message} (${details})` : err.message;
  }
}
