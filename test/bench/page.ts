/**
 * `npm run bench:page`: the built server on the demo data, measured on loopback with autocannon
 * (10 s × 50 connections each): `/`, `/` while an update is published once a second, `/?lang=de`,
 * `/api/v2/summary.json`, `/history.atom`, and the same bytes of `/` from a bare node:http server
 * (the Node ceiling) and from nginx when installed. Prints req/s, p50/p99, bytes, RSS.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { bumpContentVersion } from "../../db/content-version.ts";
import { migrate } from "../../db/migrate.ts";
import { createDeps } from "../../src/deps.ts";
import { loadEnv } from "../../src/env.ts";
import { BEST_BROTLI_AFTER_MS } from "../../src/server/cache.ts";
import { seedDemo } from "../../src/services/demo/seed.ts";
import build from "../helpers/build.ts";
import { diskMigrations } from "../helpers/db.ts";
import { freePort } from "../helpers/server.ts";
import { startNginx } from "./nginx-ceiling.ts";
import { type Publisher, preparePublisher } from "./publisher.ts";

const root = path.resolve(import.meta.dirname, "../..");
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const SLICES = Number(process.env.BENCH_SLICES ?? 5);
const HEADERS = { "accept-encoding": "br, gzip" };
/** The server's Node flags: by default those `npm start` runs with (package.json); BENCH_NODE_FLAGS="" for none. */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? "--max-semi-space-size=4").split(" ").filter(Boolean);
/** glibc's arena cap that the deploy guide (src/content/docs/deploy.md) recommends; BENCH_MALLOC_ARENA_MAX="" for glibc's default. */
const ARENAS = process.env.BENCH_MALLOC_ARENA_MAX ?? "2";
const FIRST_RENDERS = 9;
const WARMUP_SECONDS = 2;

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} did not answer`);
}

function rssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  worstP99: number;
  bytes: number;
  errors: number;
}

/**
 * Each target gets DURATION seconds in SLICES round-robin slices, so a busy neighbour on a shared
 * machine slows every target alike and the ratio to the ceiling stays fair. p50 and p99 are the
 * median slice's; the worst slice's p99 is printed beside it (one noisy second on a shared VM).
 */
interface Target {
  name: string;
  url: string;
  /** Runs during each of this target's slices (publishing once a second). */
  during?: Publisher;
  /** Request headers (default HEADERS: brotli or gzip); `{}` asks for the uncompressed page. */
  headers?: Record<string, string>;
  /** Served by Clarion: after a publishing slice its copy is refreshed before it is measured again. */
  clarion?: boolean;
}

/**
 * After the publishing slice every other copy is stale: fetch each once and wait for its render and
 * its best compression (started BEST_BROTLI_AFTER_MS after the render, then a few hundred ms of brotli 11
 * per page on the thread pool), so no target pays for the previous target's writes. With only half a
 * second to spare, /?lang=de (measured right after) shared the cores with those compressions.
 */
async function settle(targets: Target[]): Promise<void> {
  for (const t of targets) if (t.clarion && !t.during) await (await fetch(t.url, { headers: HEADERS })).arrayBuffer();
  await new Promise((r) => setTimeout(r, BEST_BROTLI_AFTER_MS + 2500));
}

async function loadAll(targets: Target[]): Promise<Row[]> {
  const results = targets.map(() => [] as Awaited<ReturnType<typeof autocannon>>[]);
  for (let slice = 0; slice < SLICES; slice++) {
    for (const [i, t] of targets.entries()) {
      t.during?.start();
      results[i]?.push(
        await autocannon({ url: t.url, connections: CONNECTIONS, duration: DURATION / SLICES, headers: t.headers ?? HEADERS }),
      );
      if (t.during) {
        await t.during.stop();
        await settle(targets);
      }
    }
  }
  return targets.map((t, i) => {
    const rs = results[i] ?? [];
    const requests = rs.reduce((n, r) => n + r.requests.total, 0);
    const p50s = rs.map((r) => r.latency.p50).sort((a, b) => a - b);
    const p99s = rs.map((r) => r.latency.p99).sort((a, b) => a - b);
    return {
      name: t.name,
      rps: requests / DURATION,
      p50: p50s[Math.floor(p50s.length / 2)] ?? 0,
      p99: p99s[Math.floor(p99s.length / 2)] ?? 0,
      worstP99: p99s.at(-1) ?? 0,
      bytes: Math.round(rs.reduce((n, r) => n + r.throughput.total, 0) / Math.max(1, requests)),
      errors: rs.reduce((n, r) => n + r.errors + r.non2xx, 0),
    };
  });
}

async function main(): Promise<void> {
  await build();
  const dir = mkdtempSync(path.join(tmpdir(), "clarion-bench-"));
  const dbUrl = `file:${path.join(dir, "demo.db")}`;
  const { deps, handle } = await createDeps(loadEnv({ DATABASE_URL: dbUrl, LOG_LEVEL: "silent" }));
  await migrate(handle.client, diskMigrations());
  const seeded = await seedDemo(deps);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [...NODE_FLAGS, path.join(root, "dist/server/entry.mjs")], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: dbUrl,
      PUBLIC_URL: base,
      LOG_LEVEL: "warn",
      DISPATCHER: "off",
      ...(ARENAS ? { MALLOC_ARENA_MAX: ARENAS } : {}),
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const ceilingFile = path.join(dir, "ceiling.bin");
  let ceiling: ChildProcess | undefined;
  let nginx: ChildProcess | undefined;
  let nginxPlain: ChildProcess | undefined;
  try {
    await waitFor(`${base}/healthz`);
    const publisher = await preparePublisher(deps, base);
    for (const p of ["/", "/?lang=de", "/api/v2/summary.json", "/history.atom"]) await fetch(base + p, { headers: HEADERS });

    // After a write (bumped from outside, seen within 1 s): the first reader's time, and how long until the new copy is served.
    const readerTimes: number[] = [];
    const freshAfter: number[] = [];
    for (let i = 0; i < FIRST_RENDERS; i++) {
      await deps.db.transaction((tx) => bumpContentVersion(tx, deps.clock));
      await new Promise((r) => setTimeout(r, 1100));
      const t = performance.now();
      const res = await fetch(base, { headers: HEADERS });
      await res.arrayBuffer();
      readerTimes.push(performance.now() - t);
      if (res.headers.get("x-cache") !== "STALE") throw new Error(`expected the previous copy, got ${res.headers.get("x-cache")}`);
      // The version moved but the content may not have: the copy is new once it is no longer STALE.
      for (let state = "STALE"; state === "STALE" && performance.now() - t < 10_000; ) {
        await new Promise((r) => setTimeout(r, 5));
        const next = await fetch(base, { headers: HEADERS });
        await next.arrayBuffer();
        state = next.headers.get("x-cache") ?? "";
      }
      freshAfter.push(performance.now() - t);
    }
    // Let the best-quality compression of the last render land, so the ceiling sends the very bytes / sends.
    await new Promise((r) => setTimeout(r, 1500));
    const page = await fetch(base, { headers: HEADERS });
    const encoding = page.headers.get("content-encoding") ?? "identity";
    const raw = await new Promise<Buffer>((resolve, reject) => {
      import("node:http").then(({ get }) =>
        get(base, { headers: HEADERS }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve(Buffer.concat(chunks)));
        }).on("error", reject),
      );
    });
    writeFileSync(ceilingFile, raw);
    const ceilingPort = await freePort();
    const ceilingCode = `const b=require("fs").readFileSync(${JSON.stringify(ceilingFile)});require("http").createServer((q,s)=>{s.writeHead(200,{"content-type":"text/html; charset=utf-8","content-encoding":${JSON.stringify(encoding)},"content-length":b.length});s.end(b)}).listen(${ceilingPort},"127.0.0.1")`;
    ceiling = spawn(process.execPath, ["-e", ceilingCode], { stdio: "inherit" });
    await waitFor(`http://127.0.0.1:${ceilingPort}/`);
    const nginxPort = await freePort();
    nginx = startNginx(dir, nginxPort, raw, encoding);
    if (nginx) await waitFor(`http://127.0.0.1:${nginxPort}/`);
    // The same page uncompressed (a client without Accept-Encoding), against nginx sending those bytes.
    const plain = Buffer.from(await (await fetch(base, { headers: { "accept-encoding": "identity" } })).arrayBuffer());
    const plainDir = path.join(dir, "plain");
    mkdirSync(plainDir);
    const nginxPlainPort = await freePort();
    nginxPlain = startNginx(plainDir, nginxPlainPort, plain, "identity");
    if (nginxPlain) await waitFor(`http://127.0.0.1:${nginxPlainPort}/`);

    const targets: Target[] = [
      { name: "/", url: `${base}/`, clarion: true },
      { name: "/ while publishing once a second", url: `${base}/`, during: publisher, clarion: true },
      { name: "/?lang=de", url: `${base}/?lang=de`, clarion: true },
      { name: "/api/v2/summary.json", url: `${base}/api/v2/summary.json`, clarion: true },
      { name: "/history.atom", url: `${base}/history.atom`, clarion: true },
      { name: "node:http ceiling (same bytes as /)", url: `http://127.0.0.1:${ceilingPort}/` },
      ...(nginx ? [{ name: "nginx ceiling (same bytes as /)", url: `http://127.0.0.1:${nginxPort}/` }] : []),
      { name: "/ uncompressed", url: `${base}/`, headers: {}, clarion: true },
      ...(nginxPlain
        ? [{ name: "nginx ceiling (same bytes as / uncompressed)", url: `http://127.0.0.1:${nginxPlainPort}/`, headers: {} }]
        : []),
    ];
    // Warm-up, not measured: the first seconds under load are the JIT compiling each server's hot path.
    for (const t of targets) {
      if (!t.during) await autocannon({ url: t.url, connections: CONNECTIONS, duration: WARMUP_SECONDS, headers: t.headers ?? HEADERS });
    }
    const rows: Row[] = await loadAll(targets);
    const rss = rssMb(server);
    await new Promise((r) => setTimeout(r, 5000));
    const rssIdle = rssMb(server);

    const readers = [...readerTimes].sort((a, b) => a - b);
    const fresh = [...freshAfter].sort((a, b) => a - b);
    const mid = Math.floor(FIRST_RENDERS / 2);
    console.log(
      `\nDemo data: ${seeded.components} components in ${seeded.groups} groups, ${seeded.incidents} incidents, ${seeded.maintenances} maintenances, ${seeded.updates} updates`,
    );
    console.log(
      `Load: autocannon, ${DURATION} s × ${CONNECTIONS} connections per target in ${SLICES} round-robin slices after ${WARMUP_SECONDS} s of warm-up each, Accept-Encoding: ${HEADERS["accept-encoding"]} (/ is served ${encoding}, ${raw.length} bytes)\n`,
    );
    console.log("| target | req/s | p50 ms | p99 ms | worst slice p99 ms | bytes/response | errors |");
    console.log("|---|---:|---:|---:|---:|---:|---:|");
    for (const r of rows)
      console.log(`| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.worstP99} | ${r.bytes} | ${r.errors} |`);
    const byName = (name: string) => rows.find((r) => r.name === name);
    const [home, busy, top] = [byName("/"), byName("/ while publishing once a second"), byName("node:http ceiling (same bytes as /)")] as [
      Row,
      Row,
      Row,
    ];
    const ngx = byName("nginx ceiling (same bytes as /)");
    const homePlain = byName("/ uncompressed") as Row;
    const ngxPlain = byName("nginx ceiling (same bytes as / uncompressed)");
    const german = byName("/?lang=de") as Row;
    console.log(`\nRatio of / to the Node ceiling: ${(home.rps / top.rps).toFixed(2)}`);
    console.log(
      `Ratio of /?lang=de to the Node ceiling: ${(german.rps / top.rps).toFixed(2)} (${((german.rps / home.rps - 1) * 100).toFixed(1)} % against /, target within 10 %)`,
    );
    if (ngx)
      console.log(
        `Ratio of / to nginx (same bytes): ${(home.rps / ngx.rps).toFixed(2)}; Node ceiling to nginx: ${(top.rps / ngx.rps).toFixed(2)}`,
      );
    if (ngxPlain)
      console.log(
        `Ratio of / uncompressed (${plain.length} bytes) to nginx sending the same bytes: ${(homePlain.rps / ngxPlain.rps).toFixed(2)} (target ≥ 0.25; compressed target ≥ 0.5)`,
      );
    const pubs = [...publisher.latencies].sort((a, b) => a - b);
    console.log(
      `While publishing once a second (${publisher.published} publishes, ${publisher.failed} failed, publish median ${pubs[Math.floor(pubs.length / 2)]?.toFixed(1)} ms): ` +
        `p99 ${busy.p99} ms against ${home.p99} ms idle (${(busy.p99 / Math.max(home.p99, 1)).toFixed(2)}×, target ≤ 2×), ` +
        `worst slice ${busy.worstP99} ms against ${home.worstP99} ms; throughput ${(busy.rps / home.rps).toFixed(2)} of idle`,
    );
    console.log(
      `After a write (${FIRST_RENDERS} runs): the first reader got the previous copy in median ${readers[mid]?.toFixed(1)} ms (max ${readers.at(-1)?.toFixed(1)} ms); ` +
        `the new copy was served after median ${fresh[mid]?.toFixed(1)} ms (max ${fresh.at(-1)?.toFixed(1)} ms)`,
    );
    console.log(`Compressed / : ${raw.length} bytes (${encoding}), CSS included, no JavaScript`);
    console.log(
      `Machine: ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" / ")} (1/5/15 min) at the end`,
    );
    const flags = `${ARENAS ? ` MALLOC_ARENA_MAX=${ARENAS}` : ""}${NODE_FLAGS.length ? ` node ${NODE_FLAGS.join(" ")}` : " default Node flags"}`;
    console.log(`Server RSS right after the run: ${rss.toFixed(1)} MB, after 5 s idle: ${rssIdle.toFixed(1)} MB (${flags.trim()})`);
  } finally {
    server.kill("SIGTERM");
    ceiling?.kill("SIGTERM");
    nginx?.kill("SIGQUIT");
    nginxPlain?.kill("SIGQUIT");
    handle.close();
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
