import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnServe } from "./serve-process.js";

const WARNING = "Serving plain HTTP on a non-loopback address";

/**
 * A wildcard address would expose the test server to the network. Run it in a network namespace
 * of its own, which has no interface but a loopback that is down, so it reaches nothing. The
 * tests run as root here; elsewhere `unshare -n` fails and the server binds for its short life
 * (it takes no request and stops at once).
 */
const ISOLATED = spawnSync("unshare", ["-n", "true"]).status === 0 ? ["unshare", "-n"] : undefined;

/** Starts serve, waits until it listens, stops it, and returns all it printed. */
async function outputOf(host: string, extra: string[] = [], isolate = false): Promise<string> {
  const serve = spawnServe(
    ["--port", "0", "--host", host, "--workers", "1", "--secret", "warning-test-secret", ...extra],
    {
      cwd: mkdtempSync(join(tmpdir(), "hsda-warn-")),
      env: { LOG_LEVEL: "info" },
      ...(isolate && ISOLATED ? { wrapper: ISOLATED } : {}),
    },
  );
  await serve.waitFor(/Dynamic App server listening/);
  expect(await serve.stop()).toBe(0);
  return serve.output();
}

function warningLines(output: string): Array<Record<string, unknown>> {
  return output
    .split("\n")
    .filter((line) => line.includes(WARNING))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("serve on plain HTTP", () => {
  it.each(["0.0.0.0", "::"])("warns once, at warn level, when it listens on %s", async (host) => {
    const lines = warningLines(await outputOf(host, [], true));
    expect(lines).toHaveLength(1);
    // pino's warn level; the message says what to do about it.
    expect(lines[0]?.level).toBe(40);
    expect(String(lines[0]?.msg)).toContain("--tls-cert");
    expect(lines[0]?.host).toBe(host);
  });

  it.each(["127.0.0.1", "127.0.0.2", "::1", "localhost", "::ffff:127.0.0.1"])(
    "does not warn on the loopback address %s",
    async (host) => {
      const output = await outputOf(host);
      expect(output).toContain("Dynamic App server listening");
      expect(output).not.toContain(WARNING);
    },
  );

  it("does not warn on a wildcard address when it serves HTTPS itself", async () => {
    const folder = mkdtempSync(join(tmpdir(), "hsda-warn-tls-"));
    const cert = join(folder, "cert.pem");
    const key = join(folder, "key.pem");
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost"],
        ...["-days", "1", "-keyout", key, "-out", cert],
      ],
      { stdio: "ignore" },
    );
    const output = await outputOf("0.0.0.0", ["--tls-cert", cert, "--tls-key", key], true);
    expect(output).toContain('"url":"https://');
    expect(output).not.toContain(WARNING);
  });
});
