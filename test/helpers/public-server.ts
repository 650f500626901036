import type { Deps } from "../../src/deps.ts";
import { resolveViewer } from "../../src/projection/index.ts";
import { createServerApp } from "../../src/server/app.ts";
import { createPublicCache, type PublicCache } from "../../src/server/cache-handler.ts";
import { loadIncidentPage } from "../../src/services/public/incident.ts";
import { loadStatusPage } from "../../src/services/public/page.ts";
import { diskMigrations } from "./db.ts";
import type { TestDeps } from "./deps.ts";

/**
 * The real server app (cache, fast path logic, /api/v2, feeds) with a stand-in for Astro that
 * renders the same page models as JSON, so integration tests need no build. Browser tests cover
 * the real pages.
 */
export function createPublicTestServer(
  deps: TestDeps,
  options: { failRenders?: () => boolean; renderAnonymous?: (request: Request) => Promise<Response> } = {},
) {
  const publicCache: PublicCache = createPublicCache(deps as Deps, {
    versionIntervalMs: 1000,
    ...(options.renderAnonymous ? { renderAnonymous: options.renderAnonymous } : {}),
  });
  let renders = 0;
  const app = createServerApp({
    deps,
    client: deps.testDb.client,
    migrations: diskMigrations(),
    publicCache,
    render: async (request) => {
      renders++;
      if (options.failRenders?.()) return new Response("boom", { status: 500 });
      return renderPageModel(deps, request);
    },
  });
  return { app, publicCache, renders: () => renders };
}

/** The stand-in for Astro: the page models as JSON inside <html>. */
export async function renderPageModel(deps: TestDeps, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const viewer = await resolveViewer(deps, request);
  const detail = /^\/(incidents|maintenance)\/(.+)$/.exec(url.pathname);
  if (detail) {
    const model = await loadIncidentPage(deps, viewer, detail[2], detail[1] === "maintenance" ? "maintenance" : "incident");
    return model
      ? new Response(`<html>${JSON.stringify(model)}</html>`, { headers: { "content-type": "text/html" } })
      : new Response("nf", { status: 404 });
  }
  const model = await loadStatusPage(deps, viewer);
  return new Response(`<html>${JSON.stringify(model)}${url.search}</html>`, { headers: { "content-type": "text/html" } });
}

/** A request once its copy is current: after a write, readers get the previous copy (X-Cache: STALE) until the new render lands. */
export async function requestFresh(app: { request: (url: string) => Response | Promise<Response> }, url: string): Promise<Response> {
  for (let i = 0; i < 500; i++) {
    const res = await app.request(url);
    if (res.headers.get("x-cache") !== "STALE") return res;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} stayed stale`);
}
