import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../db/schema/index.ts";
import type { ServiceContext } from "../../src/auth/context.ts";
import { can } from "../../src/auth/permissions.ts";
import type { FormValues, IntentCall, IntentTable } from "../../src/console/form-action.ts";
import * as FORMS from "../../src/console/forms/index.ts";
import { createMember } from "../helpers/actors.ts";
import { formRequest, sendForm } from "../helpers/console-forms.ts";
import { createTestDeps, type TestDeps } from "../helpers/deps.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PAGES = path.join(ROOT, "src/pages/admin");
/** Pages used before anyone is signed in: they have no role to check. */
const OPEN = new Set(["login.astro", "setup.astro", "invite/[token].astro"]);
const NO_SUCH_ID = "aaaaaaaaaaaa";
/** Buttons a component renders only in other pages (the embedded composer has no Preview). */
const NOT_RENDERED = new Set(["incidents/new.astro: preview"]);

interface ConsolePage {
  file: string;
  source: string;
  tableName: string | null;
}

function consolePages(dir = PAGES): ConsolePage[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return consolePages(full);
    if (!e.name.endsWith(".astro")) return [];
    const source = readFileSync(full, "utf8");
    const tableName = /runFormAction\(Astro, actor, (\w+)\)/.exec(source)?.[1] ?? null;
    return [{ file: path.relative(PAGES, full), source, tableName }];
  });
}

/**
 * The intents a page's markup can send: its own forms and those of the admin components it renders.
 * A form with an `action` attribute posts to another page, whose table covers it.
 */
function intentsInMarkup(page: ConsolePage): string[] {
  const components = [...page.source.matchAll(/from "((?:\.\.\/)+components\/admin\/[^"]+\.astro)"/g)].map((m) =>
    readFileSync(path.resolve(PAGES, path.dirname(page.file), m[1] ?? ""), "utf8"),
  );
  const forms = [page.source, ...components].flatMap((src) => src.split(/(?=<form\b)/).filter((f) => !/^<form\b[^>]*\saction=/.test(f)));
  return forms.flatMap((f) =>
    [...f.matchAll(/name="intent" value=(?:"([^"]+)"|\{[^}]*?"([^"]+)"\s*:\s*"([^"]+)"\})/g)].flatMap((m) =>
      [m[1], m[2], m[3]].filter((v): v is string => Boolean(v)),
    ),
  );
}

const tableOf = (page: ConsolePage): IntentTable | undefined =>
  page.tableName ? (FORMS as Record<string, IntentTable>)[page.tableName] : undefined;
const formPages = (): (ConsolePage & { table: IntentTable })[] =>
  consolePages().flatMap((p) => {
    const table = tableOf(p);
    return table ? [{ ...p, table }] : [];
  });

let deps: TestDeps;
const contexts = new Map<Role, ServiceContext>();
beforeAll(async () => {
  deps = await createTestDeps();
  for (const role of ROLES) contexts.set(role, (await createMember(deps, role)).ctx);
});
afterAll(() => deps.testDb.destroy());

describe("console forms read off the code", () => {
  it("every console page that takes a POST goes through runFormAction with an exported intent table", () => {
    const pages = consolePages().filter((p) => !OPEN.has(p.file));
    const handRolled = pages.filter((p) => /request\.method\s*===\s*"POST"/.test(p.source)).map((p) => p.file);
    expect(handRolled).toEqual([]);
    const unknownTables = pages.filter((p) => p.tableName && !tableOf(p)).map((p) => `${p.file}: ${p.tableName}`);
    expect(unknownTables).toEqual([]);
    const withForms = pages.filter((p) => /method="post"/.test(p.source) && !p.tableName).map((p) => p.file);
    expect(withForms).toEqual([]);
    expect(formPages().length).toBeGreaterThanOrEqual(26);
  });

  it("every intent a page's markup sends is in its table", () => {
    const missing = formPages().flatMap((p) =>
      intentsInMarkup(p)
        .filter((i) => !Object.hasOwn(p.table, i))
        .map((i) => `${p.file}: ${i}`),
    );
    expect(missing.filter((m) => !NOT_RENDERED.has(m))).toEqual([]);
  });
});

describe("console intent × role matrix", () => {
  it("a forbidden POST is a readable 403 page; an allowed one gets past authorization", async () => {
    const failures: string[] = [];
    let cells = 0;
    for (const page of formPages()) {
      for (const [intent, def] of Object.entries(page.table)) {
        for (const role of ROLES) {
          cells++;
          const ctx = contexts.get(role) as ServiceContext;
          const cell = `${page.file} intent "${intent || "(default)"}" as ${role}`;
          const out = await sendForm(deps, ctx, page.table, { intent }, { id: NO_SUCH_ID }).catch((err: Error) => err);
          if (out instanceof Error) failures.push(`${cell} threw ${out.message}`);
          else if (!can(ctx.actor, def.action)) {
            if (!(out instanceof Response) || out.status !== 403) failures.push(`${cell} → expected 403`);
            else if (!(await out.text()).includes("Not allowed")) failures.push(`${cell} → 403 without the readable page`);
          } else {
            const status = out instanceof Response ? out.status : (out.problem?.status ?? 200);
            if (status === 403 || status >= 500) failures.push(`${cell} → ${status}, expected allowed`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(cells).toBeGreaterThan(300);
    console.log(`console intent matrix: ${cells} cells`);
  });

  it("behind the adapter, the verb each intent calls refuses the same roles itself", async () => {
    const failures: string[] = [];
    for (const page of formPages()) {
      for (const [intent, def] of Object.entries(page.table)) {
        if (def.readsOnly) continue;
        for (const role of ROLES) {
          const ctx = contexts.get(role) as ServiceContext;
          if (can(ctx.actor, def.action)) continue;
          // Visibility is sent explicitly: the new-incident and new-maintenance forms refuse a form without one.
          const form: FormValues = { intent, visibility: "internal" };
          const request = formRequest(form, `http://localhost/admin?signal=${NO_SUCH_ID}`);
          const call: IntentCall = { deps, ctx, form, params: { id: NO_SUCH_ID }, request };
          // Skips the adapter's role check on purpose: the verb must refuse before it reads its input.
          const raw = def.toInput ? def.toInput(form, call) : form;
          const err = await def.run(raw, call).then(
            () => null,
            (e: { code?: string }) => e,
          );
          if (err?.code !== "forbidden")
            failures.push(`${page.file} "${intent || "(default)"}" as ${role}: ${err ? err.code : "succeeded"}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
