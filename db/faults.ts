/**
 * What can go wrong with the database that is not the caller's fault: another process holds
 * the write lock (`busy`), the disk is full (`full`), the file is missing, replaced or
 * unreadable (`unavailable`), or a libSQL server cannot be reached or dropped the stream
 * (`unreachable`). The service layer answers each with 503 and Retry-After.
 */
export type DatabaseFault = "busy" | "full" | "unavailable" | "unreachable";

export class DatabaseFaultError extends Error {
  readonly fault: DatabaseFault;
  constructor(fault: DatabaseFault, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseFaultError";
    this.fault = fault;
  }
}

const FAULT_BY_CODE: [RegExp, DatabaseFault][] = [
  [/^SQLITE_(BUSY|LOCKED)/, "busy"],
  [/^SQLITE_FULL/, "full"],
  [/^SQLITE_(IOERR|CANTOPEN|READONLY|CORRUPT|NOTADB)/, "unavailable"],
  [/^CLIENT_CLOSED$/, "unavailable"],
  // A libSQL server: HTTP 5xx, a closed or expired stream (baton), and the network below fetch.
  [/^(SERVER_ERROR|HRANA_CLOSED_ERROR|HRANA_WEBSOCKET_ERROR|STREAM_EXPIRED|STREAM_CLOSED)$/, "unreachable"],
  [/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|EHOSTUNREACH|UND_ERR_\w+)$/, "unreachable"],
];

function codesOf(err: unknown): string[] {
  const e = err as { code?: unknown; extendedCode?: unknown; message?: unknown } | null;
  if (!e || typeof e !== "object") return [];
  const codes = [e.code, e.extendedCode].filter((c): c is string => typeof c === "string");
  // Drizzle and the driver sometimes only keep the code in the message ("SQLITE_BUSY: database is locked").
  const inMessage = typeof e.message === "string" ? e.message.match(/\bSQLITE_[A-Z_]+/)?.[0] : undefined;
  return inMessage ? [...codes, inMessage] : codes;
}

/** The fault behind an error (looking through `cause`, as drizzle wraps driver errors), or null. */
export function databaseFaultOf(err: unknown): DatabaseFault | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseFaultError) return e.fault;
    for (const code of codesOf(e)) {
      const hit = FAULT_BY_CODE.find(([pattern]) => pattern.test(code));
      if (hit) return hit[1];
    }
  }
  return null;
}

/** Words for the operator (and the 503 body): what is wrong and what to do. */
export const FAULT_MESSAGE: Record<DatabaseFault, string> = {
  busy: "The database is locked by another process (a backup, the admin CLI or a worker). Try again in a few seconds",
  full: "The server's storage is full, so nothing can be saved. Free disk space; saving resumes by itself",
  unavailable: "The database file is missing, replaced or unreadable, so nothing can be saved. Put the file back or restart the server",
  unreachable:
    "The database server cannot be reached, so nothing can be saved. Check DATABASE_URL and that the libSQL server is up; saving resumes by itself",
};

/** The fault as a DatabaseFaultError with the operator's message, keeping the original as cause. */
export function asFaultError(err: unknown): unknown {
  if (err instanceof DatabaseFaultError) return err;
  const fault = databaseFaultOf(err);
  return fault ? new DatabaseFaultError(fault, FAULT_MESSAGE[fault], { cause: err }) : err;
}
