/**
 * Publish latency: 200 updates with 3 audience variants each, through the admin API (auth,
 * validation, service, one transaction with messages, audit and outbox row) on the demo data.
 * Run: npm run bench:publish
 */
import { component } from "../../db/schema/index.ts";
import { createApi } from "../../src/api/app.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { ensureBuiltinAudiences } from "../../src/services/audiences/builtin.ts";
import { createAudience } from "../../src/services/audiences/create.ts";
import { DEMO_AUDIENCE, seedDemo } from "../../src/services/demo/seed.ts";
import { createMember } from "../helpers/actors.ts";
import { createTestDeps } from "../helpers/deps.ts";
import { callApi, seedSubscriber } from "../helpers/incident-fixtures.ts";

const RUNS = Number(process.env.RUNS ?? 200);
const deps = await createTestDeps();
await ensureBuiltinAudiences(deps.db, deps.clock);
const seeded = await seedDemo(deps);
await createAudience(deps, { actor: SYSTEM }, { slug: "partners", name: "Partners", domains: ["partner.example"], precedence: 20 });
await createAudience(deps, { actor: SYSTEM }, { slug: "executives", name: "Executives", domains: ["exec.example"], precedence: 5 });
for (let i = 0; i < 300; i++) await seedSubscriber(deps, `s${i}@${["example.com", "acme.example", "partner.example"][i % 3]}`);
const member = await createMember(deps, "communicator");
const api = createApi(deps);
const [first] = await deps.db.select({ id: component.id }).from(component).limit(1);
const created = await (
  await callApi(api, member, "POST", "/incidents", {
    title: "Bench",
    visibility: "public",
    body: "Start.",
    components: [{ id: first?.id, status: "degraded_performance" }],
  })
).json();

const variants = [
  { audience: DEMO_AUDIENCE, body: "Your dedicated cluster is **not** affected." },
  { audience: "partners", body: "Partner API keys keep working; expect retries." },
  { audience: "executives", body: "Revenue impact is limited to EU checkout." },
];
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  const res = await callApi(api, member, "POST", `/incidents/${created.id}/updates`, {
    status: i % 2 ? "identified" : "monitoring",
    body: `Update ${i}: we are working on it.`,
    variants,
    internalNote: `note ${i}`,
    components: [{ id: first?.id, status: i % 2 ? "partial_outage" : "degraded_performance" }],
  });
  times.push(performance.now() - started);
  if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
}
times.sort((a, b) => a - b);
const pct = (p: number) => (times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] ?? 0).toFixed(2);
console.log(
  JSON.stringify({
    runs: RUNS,
    demo: seeded,
    subscribers: 300,
    variants: 3,
    p50_ms: Number(pct(50)),
    p99_ms: Number(pct(99)),
    max_ms: Number((times.at(-1) ?? 0).toFixed(2)),
  }),
);
deps.testDb.destroy();
