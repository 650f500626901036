import { z } from "zod";

/** The only reader of process.env: every setting, validated once, with defaults that run a fresh machine. */
const boolish = z.enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""]).transform((v) => ["1", "true", "yes", "on"].includes(v));

/**
 * An embedded replica (DATABASE_SYNC_URL) keeps its copy in a local file and syncs it from a
 * libSQL server; any other combination would start on a database that never syncs.
 */
function checkReplicaSettings(env: { DATABASE_URL: string; DATABASE_SYNC_URL?: string }, ctx: z.RefinementCtx): void {
  const syncUrl = env.DATABASE_SYNC_URL;
  if (syncUrl === undefined) return;
  if (!/^(libsql|https?|wss?):\/\/[^/\s]+/.test(syncUrl))
    ctx.addIssue({
      code: "custom",
      path: ["DATABASE_SYNC_URL"],
      message:
        "must be the libSQL server's URL (libsql://, https://, http://, wss:// or ws://host…), which the embedded replica syncs from",
    });
  if (!env.DATABASE_URL.startsWith("file:") || env.DATABASE_URL.includes(":memory:"))
    ctx.addIssue({
      code: "custom",
      path: ["DATABASE_SYNC_URL"],
      message:
        "is set, so DATABASE_URL must be the replica's local file (e.g. file:./data/replica.db), not " +
        `${env.DATABASE_URL.split(/[?#]/)[0]}; to use the server directly, put its URL in DATABASE_URL and unset DATABASE_SYNC_URL`,
    });
}

const EnvFields = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|libsql:|https?:|wss?:)/, "must start with file:, libsql:, http(s): or ws(s):")
    .default("file:./data/clarion.db"),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  DATABASE_SYNC_URL: z.string().optional(),
  DATABASE_SYNC_INTERVAL: z.coerce.number().positive().default(1),
  RESEND_API_KEY: z.string().startsWith("re_", "must start with re_").optional(),
  RESEND_BASE_URL: z.url().optional(),
  RESEND_WEBHOOK_SECRET: z.string().optional(),
  MAIL_FROM: z.string().min(3).default("Clarion <status@localhost>"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  DISPATCHER: z.enum(["in-process", "off"]).default("in-process"),
  CLARION_ADMIN_EMAIL: z.email().optional(),
  CLARION_ADMIN_PASSWORD: z.string().min(8).max(256).optional(),
  CLARION_ADMIN_NAME: z.string().min(1).default("Owner"),
  /** How many proxies of our own stand in front: the client is that many hops from the right of X-Forwarded-For. */
  TRUST_PROXY: z.union([boolish.transform((on) => (on ? 1 : 0)), z.coerce.number().int().min(0).max(10)]).default(0),
  WEBHOOK_ALLOW_PRIVATE: boolish.default(false),
  METRICS_TOKEN: z.string().min(16).optional(),
  JOB_INTERVAL_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  BACKUP_DIR: z.string().min(1).default("./data/backups"),
  /** Where the last good copy of each public page is kept, so a restart during a database outage still serves them. */
  PUBLIC_CACHE_DIR: z.string().min(1).default("./data/public-cache"),
  BACKUP_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(0),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  DISPATCHER_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  DISPATCHER_LANES: z.coerce.number().int().min(1).max(16).default(4),
  /** Where `npm run worker` serves GET /metrics (on HOST); 0 turns it off. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
});
export const Env = EnvFields.superRefine(checkReplicaSettings);
export type Env = z.infer<typeof Env>;

export class EnvError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`Invalid environment:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "EnvError";
    this.issues = issues;
  }
}

/** Parses an environment (process.env by default); throws EnvError naming every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = Env.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  throw new EnvError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
}

/** Sets variables that libraries read from process.env themselves (kept here so no other file touches it). */
export function exportToProcess(values: Record<string, string>): void {
  Object.assign(process.env, values);
}

/** The environment for a child process (a build, a server): this one's, plus or minus some variables. */
export function childEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return { ...process.env, ...extra };
}
