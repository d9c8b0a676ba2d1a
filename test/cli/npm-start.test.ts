import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/customers/sqlite-store.js";
import { freePort } from "../helpers/postgres.js";
import { alive } from "../helpers/process-alive.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("npm start", () => {
  // A supervisor (systemd, `docker stop`) sends SIGTERM to the process it started, which is npm.
  // npm hands it to the shell running the script; a shell that only started the server exited and
  // left the server running, orphaned, on its port.
  it("stops the server gracefully when npm itself gets SIGTERM", async () => {
    const data = mkdtempSync(join(tmpdir(), "npm-start-"));
    // An empty database of its own (the schema only), so the test does not touch the demo file.
    await openSqliteStore(join(data, "customers.db")).close();
    const port = await freePort();
    const npm = spawn("npm", ["start", "--silent"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        WORKERS: "1",
        HELPSCOUT_SECRET: "npm-start-test-secret",
        DATABASE_URL: join(data, "customers.db"),
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    npm.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    let serverPid: number | undefined;
    try {
      for (let tries = 0; tries < 200 && serverPid === undefined; tries += 1) {
        const line = output
          .split("\n")
          .find((each) => each.includes('"msg":"Dynamic App server listening."'));
        if (line) serverPid = (JSON.parse(line) as { pid: number }).pid;
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(serverPid).toBeTypeOf("number");
      npm.kill("SIGTERM");
      for (let tries = 0; tries < 100 && alive(serverPid as number); tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(alive(serverPid as number)).toBe(false);
      expect(output).toContain('"msg":"Stopped."');
    } finally {
      if (npm.exitCode === null) npm.kill("SIGKILL");
      // An orphaned server, when the test fails, must not outlive it on its port.
      if (serverPid !== undefined && alive(serverPid)) process.kill(serverPid, "SIGKILL");
      rmSync(data, { recursive: true, force: true });
    }
  });
});
