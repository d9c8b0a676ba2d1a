import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { openDemoSqlite } from "../../src/customers/demo-data.js";
import { CLI } from "../helpers/cli.js";
import { startTraffic, tally, within } from "./traffic.js";

const SECRET = "unreadable-secret";
let child: ChildProcess | undefined;
let folder: string | undefined;

/** The server's own pid, from its log: under `runuser`, the child is runuser, not the server. */
let serverPid: number | undefined;

afterAll(async () => {
  if (serverPid !== undefined) {
    const exited = child?.exitCode === null ? once(child, "exit") : Promise.resolve();
    process.kill(serverPid, "SIGTERM");
    await exited;
  }
  child?.kill("SIGKILL");
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/**
 * Root reads a file whatever its mode, so under root the server runs as `nobody`: the account a
 * real deployment would use, for which `chmod 000` does lock the file.
 */
function serveAs(args: string[]): ChildProcess {
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? "runuser" : process.execPath;
  const prefix = asRoot ? ["-u", "nobody", "--", process.execPath] : [];
  return spawn(command, [...prefix, CLI, "serve", ...args], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info" },
  });
}

function listening(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = output.match(/"url":"(http[^"]+)"/)?.[1];
      serverPid ??= Number(output.match(/"pid":(\d+)/)?.[1]) || undefined;
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    server.stdout?.on("data", onData);
    server.stderr?.on("data", onData);
    server.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

it("serve answers an error card while its SQLite file is unreadable (mode 000), and cards again once it is readable", async () => {
  folder = mkdtempSync(join(tmpdir(), "hsda-unreadable-"));
  const file = join(folder, "customers.db");
  await (await openDemoSqlite(file)).store.close();
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "nobody"]).toString());
    const gid = Number(execFileSync("id", ["-g", "nobody"]).toString());
    for (const name of ["", ...readdirSync(folder)]) chownSync(join(folder, name), uid, gid);
  }
  child = serveAs([
    "--port",
    "0",
    "--host",
    "127.0.0.1",
    "--workers",
    "1",
    "--no-cache",
    "--deadline",
    "1500",
    "--db",
    file,
    "--secret",
    SECRET,
  ]);
  const url = await listening(child);
  const traffic = startTraffic(url, { secret: SECRET, concurrency: 3 });
  try {
    await traffic.waitFor((outcome) => outcome.kind === "card", 10);

    traffic.enter("unreadable");
    chmodSync(file, 0o000);
    await traffic.waitFor(
      (outcome) => outcome.startedIn === "unreadable" && outcome.kind === "store_unavailable",
      20,
    );

    traffic.enter("readable");
    chmodSync(file, 0o644);
    await traffic.waitFor((outcome) => outcome.startedIn === "readable", 20);
  } finally {
    await traffic.stop();
  }
  const broken = within(traffic.outcomes, "unreadable");
  expect(tally(broken)).toEqual({ store_unavailable: broken.length });
  const after = traffic.outcomes.filter((outcome) => outcome.startedIn === "readable");
  expect(tally(after)).toEqual({ card: after.length });
  expect(traffic.outcomes.filter((outcome) => outcome.kind === "hung")).toEqual([]);
});
