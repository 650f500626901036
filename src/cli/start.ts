/**
 * `npm start`: builds the server when the sources are newer than the build, then runs it.
 * Plain Node (types stripped); it imports only src/env.ts from the app, so it starts fast.
 */
import { pathToFileURL } from "node:url";
import { buildIfStale, serverEntry } from "./shared.ts";

const root = process.cwd();
try {
  buildIfStale(root, { force: process.argv.includes("--build"), say: (line) => console.log(line) });
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
await import(pathToFileURL(serverEntry(root)).href);
