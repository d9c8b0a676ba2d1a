import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startCli } from "../helpers/cli.js";
import { hmacSignature } from "../helpers/openssl.js";
import { startSlowRequest } from "./slow-request.js";

const SECRET = "graceful-stop-secret";
const BODY = JSON.stringify({
  ticket: { id: 7, number: 1007, subject: "Refund" },
  customer: { email: "jan@example.com" },
});
const SIGNED = { "x-helpscout-signature": hmacSignature(BODY, SECRET) };

function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** Resolves once a new TCP connection to the port is refused. */
async function refused(port: number): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const error = await new Promise<string | undefined>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once("error", (failure: NodeJS.ErrnoException) => resolve(failure.code));
    });
    if (error === "ECONNREFUSED") return true;
    await new Promise((wake) => setTimeout(wake, 50));
  }
  return false;
}

async function waitForOutput(output: () => string, pattern: RegExp, count = 1): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if ((output().match(new RegExp(pattern, "g")) ?? []).length >= count) return;
    await new Promise((wake) => setTimeout(wake, 20));
  }
  throw new Error(`Never printed ${pattern}:\n${output()}`);
}

async function serve(workers: string) {
  const started = await startCli(
    ["serve", "--port", "0", "--host", "127.0.0.1", "--workers", workers, "--secret", SECRET],
    /"url":"http:\/\/127\.0\.0\.1:(\d+)"/,
    { cwd: mkdtempSync(join(tmpdir(), "hsda-stop-")), env: { LOG_LEVEL: "info" } },
  );
  return { ...started, port: Number(started.match[1]) };
}

describe("SIGTERM to a running `helpscout-app serve`", () => {
  it("finishes the requests in flight, refuses new connections, answers 503 on a kept-alive one, exits 0", async () => {
    const { child, output, port } = await serve("1");
    try {
      const slow = await Promise.all(
        Array.from({ length: 5 }, () => startSlowRequest(port, BODY, SIGNED)),
      );
      const pipelining = await startSlowRequest(port, BODY, SIGNED);

      child.kill("SIGTERM");
      await waitForOutput(output, /Stopping: finishing requests in flight/);
      expect(await refused(port)).toBe(true);
      // Still running: the requests in flight hold it.
      expect(child.exitCode).toBeNull();

      for (const request of slow) {
        const [answer] = await request.finish();
        expect(answer?.status).toBe(200);
        expect(JSON.parse(answer?.body ?? "{}").html).toContain("Jan Baker");
      }
      // A client that sends its next request on the same connection is told to go elsewhere.
      const next = `POST / HTTP/1.1\r\nhost: 127.0.0.1\r\nx-helpscout-signature: ${SIGNED["x-helpscout-signature"]}\r\ncontent-length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY}`;
      const [first, second] = await pipelining.finish(next);
      expect(first?.status).toBe(200);
      expect(second?.status).toBe(503);
      expect(second?.headers.connection).toBe("close");
      expect(JSON.parse(second?.body ?? "{}")).toMatchObject({ code: "shutting_down" });

      expect(await exitCode(child)).toBe(0);
      expect(output()).toContain("Stopped.");
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("with --workers 2: every worker finishes its requests in flight and the process exits 0", async () => {
    const { child, output, port } = await serve("2");
    try {
      // Both workers listen before the test starts, so the slow requests spread over both.
      await waitForOutput(output, /Dynamic App server listening/, 2);
      const slow = await Promise.all(
        Array.from({ length: 6 }, () => startSlowRequest(port, BODY, SIGNED)),
      );

      child.kill("SIGTERM");
      await waitForOutput(output, /Stopping: finishing requests in flight/, 2);
      expect(await refused(port)).toBe(true);

      const answers = await Promise.all(slow.map((request) => request.finish()));
      for (const [answer] of answers) {
        expect(answer?.status).toBe(200);
        expect(JSON.parse(answer?.body ?? "{}").html).toContain("Jan Baker");
      }
      expect(await exitCode(child)).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("with nothing in flight, stops at once and exits 0", async () => {
    const { child, output } = await serve("1");
    child.kill("SIGTERM");
    expect(await exitCode(child)).toBe(0);
    expect(output()).toContain("Stopped.");
  });
});
