import { type MessagePort, Worker } from "node:worker_threads";
import type { Logger } from "../lib/logger.ts";

/**
 * Public pages render on their own thread, so a render (database reads through the synchronous
 * libSQL driver, then Astro) never holds up the readers the main thread is serving.
 */
type Render = (request: Request) => Promise<Response>;

interface RenderJob {
  id: number;
  url: string;
  accept: string;
}

interface RenderDone {
  id: number;
  status?: number;
  headers?: [string, string][];
  body?: ArrayBuffer;
  error?: string;
}

const NULL_BODY = [204, 205, 304];

/** Marks the worker's `workerData`, so the server entry knows to run as the render thread. */
export const RENDER_THREAD = "clarion-render-thread";

/** The render thread's side: answers each job with the rendered response, its body transferred, not copied. */
export function serveRenderJobs(port: MessagePort, render: Render): void {
  port.on("message", async (job: RenderJob) => {
    try {
      const res = await render(new Request(job.url, { headers: { accept: job.accept } }));
      const body = await res.arrayBuffer();
      const done: RenderDone = { id: job.id, status: res.status, headers: [...res.headers], body };
      port.postMessage(done, [body]);
    } catch (err) {
      port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) } satisfies RenderDone);
    }
  });
  port.postMessage({ ready: true });
}

export interface RenderThread {
  render: Render;
  stop(): Promise<void>;
}

/**
 * The server's side: one worker running `moduleUrl` (the server entry itself), restarted when it
 * dies. A job that gets no answer in `timeoutMs` fails, so the cache serves the last good copy.
 * If the thread cannot even start, renders fall back to `fallback` on this thread.
 */
export function startRenderThread(moduleUrl: URL, logger: Logger, fallback: Render, timeoutMs = 30_000): RenderThread {
  let broken = false;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: Response) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  const failAll = (reason: string) => {
    for (const [id, job] of pending) {
      clearTimeout(job.timer);
      job.reject(new Error(reason));
      pending.delete(id);
    }
  };

  let worker: Worker | null = null;
  const spawn = (): Worker => {
    let ready = false;
    const w = new Worker(moduleUrl, { workerData: RENDER_THREAD });
    w.unref();
    w.on("message", (msg: RenderDone | { ready: true }) => {
      if ("ready" in msg) {
        ready = true;
        return;
      }
      const job = pending.get(msg.id);
      if (!job) return;
      pending.delete(msg.id);
      clearTimeout(job.timer);
      if (msg.error !== undefined) job.reject(new Error(msg.error));
      else
        job.resolve(
          new Response(NULL_BODY.includes(msg.status ?? 0) ? null : (msg.body ?? null), { status: msg.status, headers: msg.headers }),
        );
    });
    w.on("error", (err) => logger.error("render thread failed", { err: err.message }));
    w.on("exit", (code) => {
      if (worker === w) worker = null;
      if (!ready) broken = true;
      failAll(`render thread exited (${code})`);
      if (broken) logger.error("render thread could not start; rendering on the main thread", { code });
    });
    return w;
  };

  // Booted a moment after start (not competing with start-up), or by the first render, whichever comes first.
  const early = setTimeout(() => {
    if (!broken) worker ??= spawn();
  }, 2000);
  early.unref();
  return {
    render(request) {
      if (broken) return fallback(request);
      worker ??= spawn();
      const id = nextId++;
      const target = worker;
      return new Promise<Response>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`render of ${request.url} took longer than ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        target.postMessage({ id, url: request.url, accept: request.headers.get("accept") ?? "*/*" } satisfies RenderJob);
      });
    },
    async stop() {
      clearTimeout(early);
      failAll("render thread stopped");
      await worker?.terminate();
      worker = null;
    },
  };
}
