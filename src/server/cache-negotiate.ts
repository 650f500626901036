import type { ServerResponse } from "node:http";
import type { CachedResponse, Encoding, Wire } from "./cache.ts";
import type { PublicRoute } from "./cache-routes.ts";
import { baseSecurityHeaders } from "./security.ts";

/** HTTP details of cached public responses: encoding choice, ETags and 304s, framing, charset. */
interface Negotiated {
  status: number;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** Picks the encoding by Accept-Encoding and answers If-None-Match with 304. */
export function negotiate(
  entry: CachedResponse,
  acceptEncoding: string | undefined,
  ifNoneMatch: string | undefined,
  head: boolean,
): Negotiated {
  const ae = acceptEncoding ?? "";
  const [body, encoding, tag] =
    entry.br && /\bbr\b/.test(ae)
      ? [entry.br, "br", `${entry.etag.slice(0, -1)}-br"`]
      : /\bgzip\b/.test(ae)
        ? [entry.gzip, "gzip", `${entry.etag.slice(0, -1)}-gz"`]
        : [entry.identity, null, entry.etag];
  const headers: Record<string, string> = { ...entry.headers, ETag: tag, Vary: entry.headers.Vary ?? "Accept-Encoding" };
  if (ifNoneMatch && matches(ifNoneMatch, entry.etag)) return { status: 304, headers, body: null };
  if (encoding) headers["Content-Encoding"] = encoding;
  headers["Content-Length"] = String(body.length);
  return { status: entry.status, headers, body: head ? null : body };
}

function matches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const base = etag.slice(1, -1);
  return header.split(",").some(
    (t) =>
      t
        .trim()
        .replace(/^W\//, "")
        .replace(/^"|"$/g, "")
        .replace(/-(br|gz)$/, "") === base,
  );
}

export function securityHeaders(url: string, route: PublicRoute): Record<string, string> {
  const headers = baseSecurityHeaders(url);
  if (route.frameable) {
    delete headers["X-Frame-Options"];
    headers["Content-Security-Policy"] = (headers["Content-Security-Policy"] ?? "").replace("frame-ancestors 'none'", "frame-ancestors *");
  }
  return headers;
}

/** Astro answers "text/html"; say the charset so no client has to guess. */
export function withCharset(type: string): string {
  return /charset=/i.test(type) || !/^text\/html/i.test(type) ? type : `${type}; charset=utf-8`;
}

function wireFor(entry: CachedResponse, encoding: Encoding): Wire {
  const body = encoding === "br" ? (entry.br ?? entry.gzip) : encoding === "gzip" ? entry.gzip : entry.identity;
  const cached = entry.wire?.[encoding];
  // The background compression may have swapped in a better buffer since.
  if (cached && cached.body === body) return cached;
  const n = negotiate(entry, encoding === "identity" ? "" : encoding, undefined, false);
  const notModified = Object.entries(n.headers).flat();
  delete n.headers["Content-Length"];
  const wire: Wire = { body, headers: [...Object.entries(n.headers).flat(), "Content-Length", String(body.length)], notModified };
  entry.wire = { ...entry.wire, [encoding]: wire };
  return wire;
}

/** The fast path's writer: precomputed headers, no per-request objects beyond the request id. */
export function writeHit(
  res: ServerResponse,
  entry: CachedResponse,
  acceptEncoding: string | undefined,
  ifNoneMatch: string | undefined,
  head: boolean,
  state: "HIT" | "STALE" = "HIT",
): void {
  const ae = acceptEncoding ?? "";
  const wire = wireFor(entry, entry.br && /\bbr\b/.test(ae) ? "br" : /\bgzip\b/.test(ae) ? "gzip" : "identity");
  const notModified = !!ifNoneMatch && matches(ifNoneMatch, entry.etag);
  const list = writtenList(wire, notModified, state);
  list[list.length - 1] = crypto.randomUUID();
  if (notModified) {
    res.writeHead(304, list);
    res.end();
    return;
  }
  res.writeHead(entry.status, list);
  res.end(head ? undefined : wire.body);
}

/** The header list of one kind of answer, made once per cached copy instead of once per request. */
function writtenList(wire: Wire, notModified: boolean, state: string): string[] {
  const kind = notModified ? `304 ${state}` : state;
  wire.written ??= {};
  let list = wire.written[kind];
  if (!list) {
    list = [...(notModified ? wire.notModified : wire.headers), "X-Cache", state, "X-Request-Id", ""];
    wire.written[kind] = list;
  }
  return list;
}
