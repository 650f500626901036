import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/** Serves files below `root`; hashed build assets (/_astro/) are cached for a year. */
export function createStaticServer(root: string): (request: Request) => Promise<Response | undefined> {
  const base = path.resolve(root);
  return async (request) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url).pathname);
    } catch {
      return undefined;
    }
    if (pathname.endsWith("/") || pathname.includes("\0")) return undefined;
    const file = path.resolve(base, `.${pathname}`);
    if (!file.startsWith(base + path.sep)) return undefined;
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const immutable = pathname.startsWith("/_astro/");
    const headers = {
      "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "Content-Length": String(info.size),
      "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600",
    };
    if (request.method === "HEAD") return new Response(null, { headers });
    return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, { headers });
  };
}
