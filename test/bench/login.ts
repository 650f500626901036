/**
 * `npm run bench:login`: sign-in latency through the login service on a real database
 * (argon2id verify + session write + audit), p50/p95 over 50 sign-ins.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readMigrationsFromDisk } from "../../db/migrate.ts";
import { ARGON2_PARAMS } from "../../src/auth/passwords.ts";
import { loadEnv } from "../../src/env.ts";
import { prepareDatabase } from "../../src/server/runtime.ts";
import { login } from "../../src/services/auth/login.ts";
import { setupOwner } from "../../src/services/auth/setup-owner.ts";

const dir = mkdtempSync(path.join(tmpdir(), "clarion-bench-login-"));
const env = loadEnv({ DATABASE_URL: `file:${path.join(dir, "b.db")}`, LOG_LEVEL: "warn" });
const { deps, handle } = await prepareDatabase(env, readMigrationsFromDisk(path.resolve("db/migrations")));
const credentials = { email: "bench@example.com", name: "Bench", password: "a long bench passphrase" };
await setupOwner(deps, credentials);
const times: number[] = [];
for (let i = 0; i < 50; i++) {
  const started = performance.now();
  await login(deps, { email: credentials.email, password: credentials.password }, { ip: "127.0.0.1" });
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const pct = (p: number) => (times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] as number).toFixed(1);
console.log(`argon2id m=${ARGON2_PARAMS.memoryCost} KiB t=${ARGON2_PARAMS.timeCost} p=${ARGON2_PARAMS.parallelism}`);
console.log(`login latency over ${times.length} sign-ins: p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms`);
handle.close();
rmSync(dir, { recursive: true, force: true });
