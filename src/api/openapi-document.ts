import type { Deps } from "../deps.ts";
import { createApi } from "./app.ts";
import { buildOpenApi } from "./openapi.ts";

/** A per-process memo keyed by Deps: the document depends only on the route table, which never changes at run time. */
const documents = new WeakMap<Deps, unknown>();

/** The document for the API these deps serve, built once (the console's reference page reads it). */
export function openApiFor(deps: Deps): unknown {
  let doc = documents.get(deps);
  if (!doc) {
    doc = buildOpenApi(createApi(deps));
    documents.set(deps, doc);
  }
  return doc;
}
