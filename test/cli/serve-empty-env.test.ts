import { mkdtempSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startCli } from "../helpers/cli.js";
import { opensslSignature } from "../helpers/openssl.js";
import { freePort } from "../helpers/postgres.js";

const SECRET = "empty-env-secret";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "serve-empty-env-"));
}

/** The JSON log lines printed so far. */
function logLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function waitForLines(
  output: () => string,
  test: (lines: Record<string, unknown>[]) => boolean,
): Promise<Record<string, unknown>[]> {
  // Lines are gathered for up to 100 ms before they are written.
  for (let tries = 0; tries < 100; tries += 1) {
    const lines = logLines(output());
    if (test(lines)) return lines;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Gave up waiting for the log lines; printed:\n${output()}`);
}

function exitCode(child: { once(event: "exit", listener: (code: number | null) => void): void }) {
  return new Promise<number | null>((resolve) => child.once("exit", resolve));
}

// A deployment template often writes `CACHE_TTL_MS=${CACHE_TTL_MS}`, which exports the name empty
// when the operator has not set it. PORT, HOST, DATABASE_URL and HELPSCOUT_SECRET already count
// as not set then; these must too, rather than stop serve or switch its caches off.
describe("serve with its variables exported empty", () => {
  it("keeps the caches on and logs at info when CACHE_TTL_MS, LOG_LEVEL and the pool's are empty", async () => {
    const { child, output, match } = await startCli(
      ["serve", "--port", "0", "--host", "127.0.0.1", "--workers", "1"],
      /"url":"(http[^"]+)"/,
      {
        cwd: tempDir(),
        env: {
          HELPSCOUT_SECRET: SECRET,
          CACHE_TTL_MS: "",
          LOG_LEVEL: "",
          PG_POOL_SIZE: "",
          DATABASE_READ_URL: "",
        },
      },
    );
    const exited = exitCode(child);
    try {
      const body = JSON.stringify({ customer: { email: "jan@example.com" } });
      const signature = opensslSignature(body, SECRET);
      for (let sent = 0; sent < 2; sent += 1) {
        const answer = await fetch(match[1] ?? "", {
          method: "POST",
          headers: { "x-helpscout-signature": signature },
          body,
        });
        expect(answer.status).toBe(200);
        expect(((await answer.json()) as { html: string }).html).toContain("Jan Baker");
      }
      // The repeat of a verified request is answered from the answer cache, on by default.
      const lines = await waitForLines(
        output,
        (seen) => seen.filter((line) => line.msg === "answered").length === 2,
      );
      expect(lines.filter((line) => line.msg === "answered")).toMatchObject([
        { status: 200, level: 30 },
        { status: 200, level: 30, cachedAnswer: true },
      ]);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });

  it("starts one worker per core when WORKERS is empty, as when it is not set", async () => {
    const port = await freePort();
    const { child, output } = await startCli(
      ["serve", "--port", String(port), "--host", "127.0.0.1"],
      /"msg":"Dynamic App server listening\."/,
      { cwd: tempDir(), env: { HELPSCOUT_SECRET: SECRET, WORKERS: "", LOG_LEVEL: "info" } },
    );
    const exited = exitCode(child);
    try {
      const workers = availableParallelism();
      const listening = (lines: Record<string, unknown>[]) =>
        lines.filter((line) => line.msg === "Dynamic App server listening.").length;
      const lines = await waitForLines(output, (seen) => listening(seen) >= workers);
      expect(listening(lines)).toBe(workers);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
