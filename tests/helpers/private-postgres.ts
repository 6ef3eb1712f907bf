// A Postgres server of a test's own, on a spare port, that the test may stop and start (the shared one on 5432
// must never be stopped: other test files use it). initdb refuses to run as root, so as root the cluster is
// created and run as the `postgres` user.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, globSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";

export interface PrivatePostgres {
  /** postgresql://postgres@127.0.0.1:PORT (no database). */
  serverUrl: string;
  start(): void;
  stop(): void;
  destroy(): void;
}

function binary(name: string): string {
  const found = globSync(`/usr/lib/postgresql/*/bin/${name}`).sort().at(-1);
  if (!found) throw new Error(`no ${name} under /usr/lib/postgresql/*/bin: install the postgresql package`);
  return found;
}

export function createPrivatePostgres(port: number): PrivatePostgres {
  const dir = mkdtempSync(path.join(tmpdir(), "silkwire-pg-"));
  const asRoot = userInfo().uid === 0;
  const run = (name: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", binary(name), ...args]] : [binary(name), args];
    execFileSync(cmd, argv, { stdio: "ignore" });
  };
  if (asRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), 0);
  const data = path.join(dir, "data");
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  return {
    serverUrl: `postgresql://postgres@127.0.0.1:${port}`,
    start: () => run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]),
    // fast: connections are cut at once, as when a database server goes away.
    stop: () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]),
    destroy: () => {
      if (existsSync(path.join(data, "postmaster.pid"))) run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
