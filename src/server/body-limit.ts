import { API_BODY_LIMIT } from "../api/app.ts";
import { INTAKE_BODY_LIMIT } from "../api/intake/index.ts";

const KiB = 1024;
const MiB = 1024 * KiB;

/** Body limits by path prefix, first match wins; anything else is a public form. */
const LIMITS: [prefix: string, bytes: number][] = [
  ["/api/webhooks/", 256 * KiB],
  ["/api/intake/", INTAKE_BODY_LIMIT],
  ["/api/admin", API_BODY_LIMIT],
  ["/report", 16 * KiB],
  // The console's CSV import takes up to 5,000,000 characters; other console forms are far smaller.
  ["/admin/subscribers", 6 * MiB],
  ["/admin/", MiB],
];
export const FORM_BODY_LIMIT = 64 * KiB;

export function bodyLimitFor(pathname: string): number {
  return LIMITS.find(([prefix]) => pathname === prefix || pathname.startsWith(prefix))?.[1] ?? FORM_BODY_LIMIT;
}

/**
 * Reads a request body up to `limit` bytes, counting as it streams (chunked or not), so no
 * Content-Length can lie; "too_large" as soon as it passes the limit. An empty body is null.
 */
export async function readBoundedBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null | "too_large"> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) return "too_large";
  if (!request.body) return null;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void discardRest(reader);
      return "too_large";
    }
    chunks.push(value);
  }
  if (size === 0) return null;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

const DISCARD_BYTES = 8 * MiB;
const DISCARD_MS = 2000;

/**
 * Past the limit the rest is read and dropped for a while, so a client still sending sees the
 * 413 rather than a reset connection; a larger or slower body is then cut off.
 */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const until = Date.now() + DISCARD_MS;
  let seen = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
      if (seen > DISCARD_BYTES || Date.now() > until) break;
    }
  } catch {
    return;
  }
  await reader.cancel().catch(() => undefined);
}

/**
 * The request every handler sees: its body read within the path's limit, and https when the
 * public URL is (a TLS proxy speaks http to us), so cookies and HSTS follow PUBLIC_URL.
 */
export async function boundedRequest(request: Request, publicUrl: string | undefined): Promise<Request | "too_large"> {
  const url = new URL(request.url);
  const upgrade = url.protocol === "http:" && publicUrl?.startsWith("https:") === true;
  const hasBody = request.method !== "GET" && request.method !== "HEAD" && request.method !== "OPTIONS";
  if (!hasBody && !upgrade) return request;
  if (upgrade) url.protocol = "https:";
  if (!hasBody) return new Request(url, { method: request.method, headers: request.headers, signal: request.signal });
  const body = await readBoundedBody(request, bodyLimitFor(url.pathname));
  if (body === "too_large") return body;
  return new Request(url, { method: request.method, headers: request.headers, body, signal: request.signal });
}
