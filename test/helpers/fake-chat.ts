import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Where each fake service listens on the fake server, and what it answers on success (as the real one does). */
export const FAKE_CHAT_PATHS = {
  slack: { path: "/services/t0/b0/slack", status: 200, body: "ok" },
  teams: { path: "/workflows/teams/triggers/manual/paths/invoke", status: 202, body: "" },
  discord: { path: "/api/webhooks/123/discord-token", status: 204, body: "" },
  google_chat: { path: "/v1/spaces/aaaa/messages", status: 200, body: JSON.stringify({ name: "spaces/aaaa/messages/1" }) },
  webhook: { path: "/hook", status: 200, body: "ok" },
} as const;
export type FakeChatService = keyof typeof FAKE_CHAT_PATHS;

export interface ChatPost {
  service: FakeChatService | "unknown";
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface FakeChat {
  url: string;
  /** The full incoming-webhook URL of one fake service. */
  urlOf(service: FakeChatService): string;
  posts: ChatPost[];
  /** How many posts were received per service (the benchmark only counts). */
  counts: Record<string, number>;
  /** The next n posts are answered with this status (429 carries Retry-After: 1). */
  failNext(n: number, status: number): void;
  /** The next n posts whose URL (path and query) contains `part` are answered with this status. */
  failUrl(part: string, status: number, n?: number): void;
  close(): Promise<void>;
}

/**
 * One local HTTP server standing in for Slack, Teams (Workflows), Discord, Google Chat and a
 * generic webhook receiver, each on its own path; it records what arrives, like the fake Resend.
 */
export async function startFakeChat(options: { keepBodies?: boolean; onPost?: () => void } = {}): Promise<FakeChat> {
  const posts: ChatPost[] = [];
  const counts: Record<string, number> = {};
  let failing = { n: 0, status: 500 };
  const failingUrls: { part: string; status: number; n: number }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = (req.url ?? "").split("?")[0] ?? "";
      const entry = Object.entries(FAKE_CHAT_PATHS).find(([, v]) => v.path === path);
      const byUrl = failingUrls.find((f) => f.n > 0 && (req.url ?? "").includes(f.part));
      if (failing.n > 0 || byUrl) {
        const status = byUrl ? byUrl.status : failing.status;
        if (byUrl) byUrl.n--;
        else failing.n--;
        res.writeHead(status, status === 429 ? { "retry-after": "1" } : {}).end();
        return;
      }
      const service = (entry?.[0] ?? "unknown") as ChatPost["service"];
      counts[service] = (counts[service] ?? 0) + 1;
      if (options.keepBodies !== false) {
        let body: unknown = null;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          body = Buffer.concat(chunks).toString("utf8");
        }
        posts.push({ service, path: req.url ?? "", headers: req.headers, body });
      }
      if (!entry) {
        res.writeHead(404).end();
        return;
      }
      options.onPost?.(); // only posts a real service would accept count
      res.writeHead(entry[1].status, { "content-type": "application/json" }).end(entry[1].body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    urlOf: (service) => `${url}${FAKE_CHAT_PATHS[service].path}`,
    posts,
    counts,
    failNext(n, status) {
      failing = { n, status };
    },
    failUrl(part, status, n = 1) {
      failingUrls.push({ part, status, n });
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
