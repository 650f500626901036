/**
 * `npm run bench:startup`: cold start of the built server on a fresh database (spawn → first
 * 200 from /healthz), and its RSS after start and after 1,000 requests. Run `npm run build` first.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../helpers/server.ts";

const root = path.resolve(import.meta.dirname, "../..");
const rssMb = (pid: number) => Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;

const runs: number[] = [];
let after = { start: 0, load: 0 };
for (let run = 0; run < 5; run++) {
  const dir = mkdtempSync(path.join(tmpdir(), "clarion-startup-"));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["--max-semi-space-size=4", path.join(root, "dist/server/entry.mjs")], {
    env: { PATH: process.env.PATH, PORT: String(port), DATABASE_URL: `file:${path.join(dir, "c.db")}`, LOG_LEVEL: "warn" },
    stdio: "ignore",
  });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  runs.push(performance.now() - started);
  if (run === 4) {
    await new Promise((r) => setTimeout(r, 1000));
    after.start = rssMb(child.pid as number);
    const paths = ["/", "/api/v2/summary.json", "/history.atom", "/healthz", "/admin/login"];
    for (let i = 0; i < 1000; i += 20)
      await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          fetch(`http://127.0.0.1:${port}${paths[(i + j) % paths.length]}`).then((r) => r.arrayBuffer()),
        ),
      );
    after = { ...after, load: rssMb(child.pid as number) };
  }
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  rmSync(dir, { recursive: true, force: true });
}
runs.sort((a, b) => a - b);
console.log(
  `cold start to first 200 from /healthz (fresh database, migrations included): median ${runs[2]?.toFixed(0)} ms, best ${runs[0]?.toFixed(0)} ms, worst ${runs[4]?.toFixed(0)} ms`,
);
console.log(`RSS after start: ${after.start.toFixed(1)} MB; after 1,000 requests: ${after.load.toFixed(1)} MB`);
