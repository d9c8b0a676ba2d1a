// A throwaway PostgreSQL 15 cluster for the benchmark, in a temporary folder on a free port,
// run as the `postgres` account when the benchmark runs as root. Durability is off: the data is
// generated and thrown away.
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// POSTGRES_BIN, else Debian's folder for version 15, else the newest version installed.
function findBin() {
  const root = "/usr/lib/postgresql";
  if (existsSync(join(root, "15", "bin", "initdb"))) return join(root, "15", "bin");
  const versions = existsSync(root)
    ? readdirSync(root).filter((name) => existsSync(join(root, name, "bin", "initdb")))
    : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return join(root, versions[0] ?? "15", "bin");
}
const BIN = process.env.POSTGRES_BIN ?? findBin();

function run(asPostgres, program, args) {
  const [command, fullArgs] = asPostgres
    ? ["runuser", ["-u", "postgres", "--", program, ...args]]
    : [program, args];
  const result = spawnSync(command, fullArgs, { encoding: "utf8", cwd: tmpdir() });
  if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr || result.stdout}`);
}

/**
 * Starts the cluster; returns its URL and a function that stops it and removes its files.
 * @param {number} port
 */
export function startPostgres(port) {
  const asPostgres = process.getuid?.() === 0;
  const root = mkdtempSync(join(tmpdir(), "hsda-bench-pg-"));
  if (asPostgres) {
    const id = (flag) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }));
    chownSync(root, id("-u"), id("-g"));
  }
  const data = join(root, "data");
  run(asPostgres, join(BIN, "initdb"), [
    "-D",
    data,
    "-A",
    "trust",
    "-U",
    "postgres",
    "-E",
    "UTF8",
    "--locale=C",
    "--no-sync",
  ]);
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${root}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c shared_buffers=256MB",
    "-c max_connections=50",
  ].join(" ");
  run(asPostgres, join(BIN, "pg_ctl"), [
    "-D",
    data,
    "-l",
    join(root, "log"),
    "-o",
    options,
    "-w",
    "start",
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(asPostgres, join(BIN, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
