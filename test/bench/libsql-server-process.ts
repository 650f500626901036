/**
 * The libSQL server stand-in in a process of its own, as a real server would be: its SQLite work
 * must not share the event loop of the instance under test. Prints its URL on the first line.
 * Run: node test/bench/libsql-server-process.ts <dir> [delayMs]
 */
import { startLibsqlServer } from "../helpers/libsql-server.ts";

const [dir, delay] = process.argv.slice(2);
if (!dir) throw new Error("usage: libsql-server-process.ts <dir> [delayMs]");
const server = await startLibsqlServer({ dir, delayMs: Number(delay ?? 0) });
process.stdout.write(`${server.url}\n`);
process.on("SIGTERM", () => void server.stop().then(() => process.exit(0)));
