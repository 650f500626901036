import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

/**
 * nginx serving `body` with the given Content-Encoding at `/` (one worker, no access log) from a
 * config in `dir`: the same bytes as the page, for a ceiling that is not Node. Undefined without nginx.
 */
export function startNginx(dir: string, port: number, body: Buffer, encoding: string): ChildProcess | undefined {
  if (!existsSync(NGINX)) return undefined;
  const root = path.join(dir, "nginx-root");
  const temp = path.join(dir, "nginx-temp");
  mkdirSync(root, { recursive: true });
  mkdirSync(temp, { recursive: true });
  writeFileSync(path.join(root, "index.bin"), body);
  // nginx's worker runs as nobody when started by root: it must be able to read the file.
  for (const d of [dir, root]) chmodSync(d, 0o755);
  const encodingHeader = encoding === "identity" ? "" : `add_header Content-Encoding ${encoding};`;
  const conf = `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  types {}
  client_body_temp_path ${temp}/body; proxy_temp_path ${temp}/proxy; fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi; scgi_temp_path ${temp}/scgi;
  server {
    listen 127.0.0.1:${port};
    location = / {
      root ${root};
      default_type "text/html; charset=utf-8";
      ${encodingHeader}
      add_header Vary Accept-Encoding;
      add_header Cache-Control "public, max-age=30";
      try_files /index.bin =404;
    }
  }
}
`;
  const file = path.join(dir, "nginx.conf");
  writeFileSync(file, conf);
  return spawn(NGINX, ["-p", dir, "-e", path.join(dir, "nginx-error.log"), "-c", file], { stdio: "inherit" });
}
