import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Where the PostgreSQL server programs are: POSTGRES_BIN, else Debian's folder for version 15,
 * else the newest version Debian installed.
 */
export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? findPostgresBin();

function findPostgresBin(): string {
  const root = "/usr/lib/postgresql";
  if (existsSync(join(root, "15", "bin", "initdb"))) return join(root, "15", "bin");
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return join(root, versions[0] ?? "15", "bin");
}

/** A throwaway PostgreSQL cluster for one test file. */
export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  url: string;
  port: number;
  /** Stops the server (fast shutdown), as a database outage would. */
  stop(): void;
  /** Starts the stopped server again on the same port. */
  start(): void;
  /** Stops the server for good and removes its files. */
  destroy(): void;
}

/**
 * A port nobody listens on right now: the kernel picks it, and it is released at once.
 *
 * @example
 * ```ts
 * const port = await freePort(); // e.g. 41873
 * ```
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("The kernel gave no port."));
      });
    });
  });
}

/** The `postgres` OS account's ids, when we run as root (PostgreSQL refuses to run as root). */
function serverAccount(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

function runAsServer(account: { uid: number } | undefined, program: string, args: string[]) {
  const command = account ? "runuser" : program;
  const fullArgs = account ? ["-u", "postgres", "--", program, ...args] : args;
  const result = spawnSync(command, fullArgs, { encoding: "utf8", cwd: tmpdir() });
  if (result.status !== 0) {
    throw new Error(
      `${program} ${args.join(" ")} failed (${result.status}): ${result.stderr || result.stdout}`,
    );
  }
}

/**
 * Creates and starts a PostgreSQL 15 cluster in a temporary folder, on a free loopback port, with
 * durability turned off (the data is thrown away). Runs the server as the `postgres` account when
 * the tests run as root. Call `destroy()` in `afterAll`. `extraOptions` adds server settings
 * (`name=value`); the benchmark uses it to size the cluster for load.
 *
 * @example
 * ```ts
 * const pg = await startTestPostgres();
 * const store = await openPostgresStore(pg.url);
 * afterAll(async () => { await store.close(); pg.destroy(); });
 * ```
 */
export async function startTestPostgres(
  settings: { extraOptions?: readonly string[] } = {},
): Promise<TestPostgres> {
  const account = serverAccount();
  const root = mkdtempSync(join(tmpdir(), "hsda-pg-"));
  if (account) chownSync(root, account.uid, account.gid);
  const data = join(root, "data");
  const port = await freePort();
  runAsServer(account, join(POSTGRES_BIN, "initdb"), [
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
    "-c full_page_writes=off",
    ...(settings.extraOptions ?? []).map((option) => `-c ${option}`),
  ].join(" ");
  const pgCtl = join(POSTGRES_BIN, "pg_ctl");
  const start = () =>
    runAsServer(account, pgCtl, [
      "-D",
      data,
      "-l",
      join(root, "log"),
      "-o",
      options,
      "-w",
      "start",
    ]);
  const stop = () => runAsServer(account, pgCtl, ["-D", data, "-m", "fast", "-w", "stop"]);
  start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      if (running) stop();
      running = false;
    },
    start() {
      if (!running) start();
      running = true;
    },
    destroy() {
      try {
        if (running) stop();
      } finally {
        running = false;
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
