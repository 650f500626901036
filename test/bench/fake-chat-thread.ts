/**
 * The fake chat services (Slack, Teams, Discord, Google Chat) on their own thread, for
 * `npm run bench:fanout`, so the harness's own work does not slow their answers.
 * The count of accepted posts is shared through a SharedArrayBuffer.
 */
import { parentPort, workerData } from "node:worker_threads";
import { startFakeChat } from "../helpers/fake-chat.ts";

const { counts } = workerData as { counts: SharedArrayBuffer };
const view = new Int32Array(counts);
const chat = await startFakeChat({ keepBodies: false, onPost: () => Atomics.add(view, 0, 1) });
parentPort?.postMessage({ url: chat.url });
parentPort?.on("message", async (message) => {
  if (message === "stop") {
    await chat.close();
    parentPort?.close();
  }
});
