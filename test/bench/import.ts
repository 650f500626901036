/**
 * CSV import throughput: ROWS subscribers (default 20,000; every 10th follows a component, every
 * 7th is in an audience) through POST /api/admin/subscribers/import, the job polled to the end.
 * Run: npm run bench:import
 */

import { createApi } from "../../src/api/app.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { createAudience } from "../../src/services/audiences/create.ts";
import { createMember } from "../helpers/actors.ts";
import { createTestDeps } from "../helpers/deps.ts";
import { makeComponent } from "../helpers/factories.ts";

const ROWS = Number(process.env.ROWS ?? 20_000);
const deps = await createTestDeps();
const api = createApi(deps);
const admin = await createMember(deps, "admin");
const componentId = (await makeComponent(deps, { name: "API" })).id;
await createAudience(deps, { actor: SYSTEM }, { slug: "partners", name: "Partners", domains: [], precedence: 20 });
const lines = Array.from({ length: ROWS }, (_, i) => `bench${i}@example.com,${i % 10 ? "" : componentId},${i % 7 ? "" : "partners"},yes`);
const csv = `email,components,audiences,maintenance\n${lines.join("\n")}\n`;
const headers = { ...admin.cookieHeaders, "content-type": "application/json" };

const started = performance.now();
const res = await api.request("/api/admin/subscribers/import", { method: "POST", headers, body: JSON.stringify({ csv, consent: true }) });
let job = (await res.json()) as { id: string; state: string; processed: number; added: number; failed: number };
while (job.state !== "done") {
  await new Promise((r) => setTimeout(r, 100));
  job = (await (await api.request(`/api/admin/subscribers/imports/${job.id}`, { headers })).json()) as typeof job;
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `import: ${ROWS} rows in ${seconds.toFixed(1)} s = ${Math.round(ROWS / seconds)} rows/s (answered ${res.status}; added ${job.added}, failed ${job.failed})`,
);
deps.testDb.destroy();
