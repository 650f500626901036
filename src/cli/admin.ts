/**
 * `npm run admin -- <command> [options]`: team and token administration on a running or
 * stopped instance (the database is shared safely through WAL and write transactions).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { readMigrationsFromDisk } from "../../db/migrate.ts";
import { ROLES, type Role, SCOPES, type Scope } from "../../db/schema/index.ts";
import { SYSTEM } from "../auth/permissions.ts";
import { loadEnv } from "../env.ts";
import { isAppError } from "../lib/errors.ts";
import { prepareDatabase } from "../server/runtime.ts";
import { backupDatabase } from "../services/backup/backup.ts";
import { restoreDatabase } from "../services/backup/restore.ts";

function fileOf(url: string): string {
  if (!url.startsWith("file:")) throw new Error("restore works on an embedded file database; for a libSQL server use its own backups");
  return url.slice("file:".length).split("?")[0] as string;
}

import { resetPassword } from "../services/team/change-password.ts";
import { createMemberWithPassword } from "../services/team/create-member.ts";
import { createApiToken } from "../services/tokens/tokens.ts";

const USAGE = `Usage: npm run admin -- <command> [options]

  create-user     --email E --name N [--role owner|admin|communicator|responder|viewer] (--password P | --password-stdin)
  reset-password  --email E (--password P | --password-stdin)     ends every session of that member
  create-token    --name N --scopes read,write,publish,admin [--expires-days D]   prints the token once
  backup          --out FILE        a consistent, checked snapshot (VACUUM INTO), safe while the server runs
  restore         --from FILE [--to FILE]   replace a STOPPED database (default: DATABASE_URL's file) with a checked backup
`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string", default: "owner" },
      password: { type: "string" },
      "password-stdin": { type: "boolean", default: false },
      scopes: { type: "string" },
      "expires-days": { type: "string" },
      out: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
    },
  });
  const password = async () => (values["password-stdin"] ? await readStdin() : values.password);
  const env = { ...loadEnv(), DISPATCHER: "off" as const, LOG_LEVEL: "warn" as const };
  if (command === "restore") {
    if (!values.from) throw new Error("restore needs --from FILE");
    const target = values.to ?? fileOf(env.DATABASE_URL);
    const { previous } = await restoreDatabase(values.from, target);
    console.log(`Restored ${target} from ${values.from}.${previous ? ` The previous file is kept as ${previous}.` : ""}`);
    return 0;
  }
  const runtime = await prepareDatabase(env, readMigrationsFromDisk(path.resolve("db/migrations")));
  const deps = runtime.deps;
  const ctx = { actor: { ...SYSTEM, name: "admin CLI" } };
  try {
    switch (command) {
      case "create-user": {
        const role = values.role as Role;
        if (!values.email || !values.name || !ROLES.includes(role)) throw new Error("create-user needs --email, --name and a valid --role");
        const member = await createMemberWithPassword(deps, ctx, {
          email: values.email,
          name: values.name,
          role,
          password: (await password()) ?? "",
        });
        console.log(`Created ${member.role} ${member.email} (${member.id}).`);
        return 0;
      }
      case "reset-password": {
        if (!values.email) throw new Error("reset-password needs --email");
        await resetPassword(deps, ctx, values.email, (await password()) ?? "");
        console.log(`Password reset for ${values.email}; every session of that member has ended.`);
        return 0;
      }
      case "create-token": {
        const scopes = (values.scopes ?? "").split(",").filter(Boolean) as Scope[];
        if (!values.name || !scopes.length || scopes.some((s) => !SCOPES.includes(s)))
          throw new Error(`create-token needs --name and --scopes from ${SCOPES.join(",")}`);
        const days = values["expires-days"] ? Number(values["expires-days"]) : undefined;
        const token = await createApiToken(deps, ctx, { name: values.name, scopes, expiresInDays: days });
        console.log(token.token);
        return 0;
      }
      case "backup": {
        if (!values.out) throw new Error("backup needs --out FILE");
        const result = await backupDatabase(runtime.handle.client, values.out);
        console.log(`Backup written to ${result.file} (${result.bytes} bytes, ${result.ms} ms, integrity ${result.integrity}).`);
        return 0;
      }
      default:
        console.error(USAGE);
        return command ? 64 : 0;
    }
  } finally {
    runtime.handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(
      isAppError(err)
        ? `${err.message}${err.details?.length ? `: ${err.details.map((d) => d.message).join("; ")}` : ""}`
        : err instanceof Error
          ? err.message
          : err,
    );
    process.exit(1);
  },
);
