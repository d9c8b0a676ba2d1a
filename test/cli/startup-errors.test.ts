import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const folder = mkdtempSync(join(tmpdir(), "startup-errors-"));

describe("serve stops with a clear message when it cannot start", () => {
  it("names a busy port and exits 1, with workers too, instead of hanging", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      for (const workers of ["1", "2"]) {
        const { code, stdout, stderr } = await runCli([
          "serve",
          "--port",
          String(port),
          "--host",
          "127.0.0.1",
          "--secret",
          "s",
          "--workers",
          workers,
        ]);
        // Everything it printed, so a failure here says which run and why.
        expect(code, `--workers ${workers}\n${stdout}\n${stderr}`).toBe(1);
        expect(stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      }
    } finally {
      blocker.close();
    }
  }, 30_000);

  it("exits 1 with workers even when the primary sees a worker exit before its channel closes", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const preload = pathToFileURL(
      join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "hold-worker-channel.mjs"),
    ).href;
    try {
      const { code, stdout, stderr } = await runCli(
        ["serve", "--port", String(port), "--host", "127.0.0.1", "--secret", "s", "--workers", "2"],
        { env: { NODE_OPTIONS: `--import ${preload}` } },
      );
      // Without this line the order was not forced, and a pass here would prove nothing.
      expect(stderr).toContain("hold-worker-channel: the channel outlives this worker");
      expect(code, `${stdout}\n${stderr}`).toBe(1);
      expect(stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  }, 30_000);

  it("refuses a SQLite path that does not exist rather than creating an empty database", async () => {
    const db = join(folder, "missing", "customers.db");
    const { code, stderr } = await runCli(["serve", "--workers", "1", "--secret", "s", "--db", db]);
    expect(code).toBe(1);
    expect(stderr).toContain(`No database at ${db}`);
    expect(stderr).toContain("helpscout-app import");
  });

  it("refuses a database URL of another kind", async () => {
    const { code, stderr } = await runCli(
      ["serve", "--workers", "1", "--secret", "s", "--db", "mysql://db/crm"],
      { cwd: folder },
    );
    expect(code).toBe(1);
    expect(stderr).toContain('"mysql:" URL is not supported');
  });

  it("says a file that is not a database is not one", async () => {
    const db = join(folder, "junk.db");
    writeFileSync(db, "this is not a database ".repeat(100));
    const { code, stderr } = await runCli(["serve", "--workers", "1", "--secret", "s", "--db", db]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/not a SQLite database|Cannot open the SQLite database/);
  });

  it("treats an unknown option as a usage mistake: exit 2 with the usage", async () => {
    const { code, stderr } = await runCli(["import", "--bogus"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--bogus'");
    expect(stderr).toContain("Usage: helpscout-app import");
  });
});
