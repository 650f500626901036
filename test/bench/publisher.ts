import { SYSTEM } from "../../src/auth/permissions.ts";
import type { Deps } from "../../src/deps.ts";
import { createApiToken } from "../../src/services/tokens/tokens.ts";

/** Publishes an update to one public incident through the server's admin API, once a second while started. */
export interface Publisher {
  start(): void;
  stop(): Promise<void>;
  published: number;
  failed: number;
  latencies: number[];
}

export async function preparePublisher(deps: Deps, base: string): Promise<Publisher> {
  const { token } = await createApiToken(
    deps,
    { actor: { ...SYSTEM, name: "bench" } },
    { name: "bench", scopes: ["read", "write", "publish"] },
  );
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const created = await fetch(`${base}/api/admin/incidents`, {
    method: "POST",
    headers,
    body: JSON.stringify({ title: "Checkout is slow", visibility: "public", body: "We are looking into it." }),
  });
  if (created.status !== 201) throw new Error(`could not create the bench incident: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  let timer: NodeJS.Timeout | undefined;
  let inflight: Promise<void> = Promise.resolve();
  let n = 0;
  const publisher: Publisher = {
    published: 0,
    failed: 0,
    latencies: [],
    start() {
      const publish = () => {
        const started = performance.now();
        inflight = fetch(`${base}/api/admin/incidents/${id}/updates`, {
          method: "POST",
          headers,
          body: JSON.stringify({ status: n++ % 2 ? "identified" : "monitoring", body: `Update ${n}: still working on it.` }),
        }).then(
          async (res) => {
            await res.arrayBuffer();
            publisher.latencies.push(performance.now() - started);
            if (res.status === 201) publisher.published++;
            else publisher.failed++;
          },
          () => {
            publisher.failed++;
          },
        );
      };
      publish();
      timer = setInterval(publish, 1000);
    },
    async stop() {
      clearInterval(timer);
      await inflight;
    },
  };
  return publisher;
}
