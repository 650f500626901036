/**
 * `npm run export -- --out dir/`: writes the public site as static files (pages, /api/v2 JSON,
 * feeds, badge, robots, sitemap, assets) for any CDN or bucket. It runs the built server on the
 * database DATABASE_URL names, fetches every public URL anonymously, and writes what it gets.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { childEnv } from "../env.ts";
import { PUBLIC_PATHS } from "../server/cache-routes.ts";
import { buildIfStale, freePort, serverEntry } from "./shared.ts";

const root = process.cwd();
const entry = serverEntry(root);
const outArg = process.argv.indexOf("--out");
const out = outArg > 0 ? process.argv[outArg + 1] : undefined;
if (!out) {
  console.error("Usage: npm run export -- --out <folder>");
  process.exit(64);
}
const outDir = path.resolve(out);

/** Where a URL lands on disk; history months become folders because static hosts drop query strings. */
export function fileFor(url: string): string {
  const month = /^\/history\?page=(\d{4}-\d{2})$/.exec(url);
  if (month) return `history/${month[1]}/index.html`;
  if (url === "/") return "index.html";
  if (/\.[a-z]+$/.test(url)) return url.slice(1);
  return `${url.slice(1)}/index.html`;
}

/** Rewrites month links to the exported folders. */
function rewrite(html: string): string {
  return html.replace(/href="\/history\?page=(\d{4}-\d{2})(?:&amp;[^"]*)?"/g, 'href="/history/$1/"');
}

async function main(): Promise<void> {
  // A stale build would export yesterday's pages.
  buildIfStale(root, { say: (line) => console.log(line) });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, [entry], {
    env: childEnv({ PORT: String(port), HOST: "127.0.0.1", DISPATCHER: "off", LOG_LEVEL: "warn" }),
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    for (let i = 0; ; i++) {
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 500 || server.exitCode !== null) throw new Error("the server did not start");
      await new Promise((r) => setTimeout(r, 20));
    }
    const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
    const fromSitemap = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => {
      const u = new URL((m[1] as string).replace(/&amp;/g, "&"));
      return u.pathname + u.search;
    });
    const urls = [...new Set([...PUBLIC_PATHS, ...fromSitemap])];
    mkdirSync(outDir, { recursive: true });
    let written = 0;
    for (const url of urls) {
      const res = await fetch(base + url);
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
      const type = res.headers.get("content-type") ?? "";
      const body = type.startsWith("text/html") ? rewrite(await res.text()) : Buffer.from(await res.arrayBuffer());
      const file = path.join(outDir, fileFor(url));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, body);
      written++;
    }
    const notFound = await fetch(`${base}/this-page-does-not-exist`);
    writeFileSync(path.join(outDir, "404.html"), await notFound.text());
    cpSync(path.join(root, "dist/client"), outDir, { recursive: true });
    console.log(`Exported ${written + 1} public files and the static assets to ${outDir}`);
  } finally {
    server.kill("SIGTERM");
  }
}

await main();
