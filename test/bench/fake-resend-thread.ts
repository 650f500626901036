/**
 * The fake Resend on its own thread, for `npm run bench:fanout`: the benchmark's own work
 * (seeding, publishing, polling) must not delay the fake's clock, or the fake would see
 * requests bunched together that were sent evenly spaced, and answer 429 for the harness's sake.
 * Counts are shared through a SharedArrayBuffer: [accepted emails, requests answered 429].
 */
import { parentPort, workerData } from "node:worker_threads";
import { FakeResend } from "../helpers/fake-resend.ts";

const { ratePerSecond, counts } = workerData as { ratePerSecond: number; counts: SharedArrayBuffer };
const view = new Int32Array(counts);
const fake = new FakeResend({ ratePerSecond, keepBodies: false });
fake.onRecord = (status) => {
  Atomics.store(view, 0, fake.accepted.length);
  if (status === 429) Atomics.add(view, 1, 1);
};
await fake.start();
parentPort?.postMessage({ url: fake.url });
parentPort?.on("message", async (message) => {
  if (message === "stop") {
    await fake.stop();
    parentPort?.close();
  }
});
