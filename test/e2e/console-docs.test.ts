import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.ts";
import { SESSION_COOKIE } from "../../src/auth/cookies.ts";
import { seedConsoleSession } from "../helpers/console-session.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

const DOCS_DIR = path.resolve(import.meta.dirname, "../../src/content/docs");
const guides = readdirSync(DOCS_DIR).filter((f) => f.endsWith(".md"));

let server: RunningServer;
let cookie = "";
beforeAll(async () => {
  server = await startServer();
  const handle = await createDb(`file:${server.dbFile}`);
  cookie = `${SESSION_COOKIE}=${await seedConsoleSession(handle.db, "viewer", { email: "v@example.com", name: "Viewer" })}`;
  handle.close();
});
afterAll(async () => {
  await server?.stop();
});

describe("the console's guides (/admin/docs)", () => {
  it("lists every Markdown file under src/content/docs and renders each one", async () => {
    const index = await (await fetch(`${server.url}/admin/docs`, { headers: { cookie } })).text();
    for (const file of guides) {
      const slug = file.replace(/\.md$/, "");
      expect(index).toContain(`href="/admin/docs/${slug}"`);
      const res = await fetch(`${server.url}/admin/docs/${slug}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const html = await res.text();
      const firstSection = readFileSync(path.join(DOCS_DIR, file), "utf8").match(/^## (.+)$/m)?.[1];
      if (firstSection) expect(html).toContain(firstSection.replace(/`/g, "").split(" ")[0]);
    }
    expect(guides.length).toBeGreaterThan(3);
  });

  it("answers 404 for a guide that does not exist and sends anonymous readers to sign in", async () => {
    expect((await fetch(`${server.url}/admin/docs/nope`, { headers: { cookie } })).status).toBe(404);
    const anon = await fetch(`${server.url}/admin/docs/deploy`, { redirect: "manual" });
    expect(anon.status).toBe(303);
  });
});
