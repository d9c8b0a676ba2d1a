import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { censorLogFields, createLogger } from "../../src/logging/create-logger.js";

// The compiled logger, built by the tests' global set-up, for processes of its own.
const BUILT_LOGGER = pathToFileURL(
  join(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "logging", "create-logger.js"),
).href;

/** A process running `script` with `log`, the real standard-output logger, at info level. */
function spawnLogging(script: string) {
  const source = `import { createLogger } from ${JSON.stringify(BUILT_LOGGER)};
const log = createLogger({ level: "info", pretty: false });
${script}`;
  return spawn(process.execPath, ["--input-type=module", "-e", source], {
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs a script that logs with the real standard-output logger; resolves with what it printed. */
function runLogging(script: string): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawnLogging(script);
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ stdout, code }));
  });
}

/**
 * Runs a logging script whose standard output is closed by its reader once the first bytes have
 * come, as when the program reading a server's log stops. Resolves with the exit code, what it
 * printed on standard error, and `null` for the code if it was still running after `waitMs`.
 */
function runWithReaderGone(
  script: string,
  waitMs: number,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnLogging(script);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve({ code: null, stderr });
    }, waitMs);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

function messagesOf(stdout: string): string[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
}

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "info",
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  return { logger, lines };
}

describe("the server's logger", () => {
  it("writes one JSON line with pino's level, time and message", () => {
    const { logger, lines } = capture();
    logger.info({ requestId: "r-1", status: 200, customerFound: true }, "answered");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      pid: process.pid,
      requestId: "r-1",
      status: 200,
      customerFound: true,
      msg: "answered",
    });
    expect(typeof lines[0]?.time).toBe("number");
  });

  it("replaces secrets, bodies and the signature header, at the top level and one down", () => {
    const { logger, lines } = capture();
    const fields = {
      secret: "s3cr3t-top",
      secrets: ["s3cr3t-a", "s3cr3t-b"],
      body: '{"customer":{"email":"jan@example.com"}}',
      config: { secret: "s3cr3t-nested", port: 3000 },
      request: { body: "raw bytes", method: "POST" },
      headers: { "x-helpscout-signature": "c2lnbmF0dXJl", "content-type": "application/json" },
    };
    logger.warn(fields, "careless line");
    const text = JSON.stringify(lines[0]);
    for (const leaked of ["s3cr3t", "jan@example.com", "raw bytes", "c2lnbmF0dXJl"]) {
      expect(text).not.toContain(leaked);
    }
    expect(lines[0]).toMatchObject({
      secret: "[redacted]",
      secrets: "[redacted]",
      body: "[redacted]",
      config: { secret: "[redacted]", port: 3000 },
      request: { body: "[redacted]", method: "POST" },
      headers: { "x-helpscout-signature": "[redacted]", "content-type": "application/json" },
    });
    // The caller's object is left as it was.
    expect(fields.config.secret).toBe("s3cr3t-nested");
    expect(fields.secret).toBe("s3cr3t-top");
  });

  it("replaces the signature header in `headers` however its name is written", () => {
    const { logger, lines } = capture();
    // As the emulator sends it (SIGNATURE_HEADER), and as another client might.
    logger.info({ headers: { "X-HELPSCOUT-SIGNATURE": "c2lnLXVwcGVy", accept: "*/*" } }, "a");
    logger.info({ headers: { "X-HelpScout-Signature": "c2lnLW1peGVk" } }, "b");
    expect(lines).toMatchObject([
      { headers: { "X-HELPSCOUT-SIGNATURE": "[redacted]", accept: "*/*" } },
      { headers: { "X-HelpScout-Signature": "[redacted]" } },
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/c2lnLX|c2lnLW/);
  });

  it("hands back a line with nothing to replace as the very same object", () => {
    const fields = { requestId: "r-2", status: 401, code: "invalid_signature", nested: { a: 1 } };
    expect(censorLogFields(fields)).toBe(fields);
  });

  it("shows an error with its class, message and stack", () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error("database gone") }, "failed");
    expect(lines[0]).toMatchObject({
      err: {
        message: "database gone",
        type: "Error",
        stack: expect.stringContaining("database gone"),
      },
    });
  });

  it("writes the lines at or above its level, none when silent, and refuses an unknown level", () => {
    const lines: Record<string, unknown>[] = [];
    const destination = { write: (line: string) => lines.push(JSON.parse(line)) };
    const warnings = createLogger({ level: "warn", destination });
    warnings.debug({}, "d");
    warnings.info({}, "i");
    warnings.warn({}, "w");
    warnings.error({}, "e");
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [40, "w"],
      [50, "e"],
    ]);
    const silent = createLogger({ level: "silent", destination });
    silent.error({}, "never");
    expect(lines).toHaveLength(2);
    expect(() => createLogger({ level: "loud", destination })).toThrow(/Unknown log level "loud"/);
  });

  it("takes a level's name in any case, as pino did: LOG_LEVEL=WARN is warn", () => {
    const lines: Record<string, unknown>[] = [];
    const destination = { write: (line: string) => lines.push(JSON.parse(line)) };
    for (const level of ["WARN", "Warn"]) {
      const logger = createLogger({ level, destination });
      logger.info({}, "i");
      logger.warn({}, "w");
    }
    const debug = createLogger({ level: "DEBUG", destination });
    debug.debug({}, "d");
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [40, "w"],
      [40, "w"],
      [20, "d"],
    ]);
    expect(() => createLogger({ level: "LOUD", destination })).toThrow(/Unknown log level "LOUD"/);
  });

  it("replaces a secret inside an error's own fields", () => {
    const { logger, lines } = capture();
    logger.error({ err: Object.assign(new Error("failed"), { secret: "s3cr3t-err" }) }, "x");
    expect(JSON.stringify(lines[0])).not.toContain("s3cr3t");
    expect(lines[0]).toMatchObject({ err: { message: "failed", secret: "[redacted]" } });
  });

  it("replaces a secret or body inside an error's cause, down the chain, as inside the error", () => {
    const { logger, lines } = capture();
    const root = Object.assign(new Error("socket hang up"), { body: "raw-root-body" });
    const inner = Object.assign(new Error("lookup failed", { cause: root }), {
      secret: "s3cr3t-inner",
    });
    const plainCause = new Error("refused", { cause: { secrets: ["s3cr3t-plain"], code: 7 } });
    logger.error({ err: new Error("render failed", { cause: inner }), other: plainCause }, "x");
    const text = JSON.stringify(lines[0]);
    for (const leaked of ["s3cr3t", "raw-root-body"]) expect(text).not.toContain(leaked);
    expect(lines[0]).toMatchObject({
      err: {
        message: "render failed",
        cause: {
          message: "lookup failed",
          secret: "[redacted]",
          cause: { message: "socket hang up", body: "[redacted]" },
        },
      },
      other: { message: "refused", cause: { secrets: "[redacted]", code: 7 } },
    });
  });

  it("writes gathered lines within a moment, while the process keeps running", async () => {
    const { stdout } = await runLogging(`log.info({}, "early");
setTimeout(() => { process.stdout.write("checkpoint\\n"); }, 400);
setTimeout(() => {}, 450);`);
    // The line was out before the checkpoint, 400 ms later, not only at exit.
    expect(stdout.indexOf('"msg":"early"')).toBeGreaterThanOrEqual(0);
    expect(stdout.indexOf('"msg":"early"')).toBeLessThan(stdout.indexOf("checkpoint"));
  });

  it("writes every gathered line when the process ends, by itself or by an uncaught error", async () => {
    const quiet = await runLogging(
      `log.info({}, "one"); log.info({}, "two"); process.exitCode = 3;`,
    );
    expect(quiet.code).toBe(3);
    expect(messagesOf(quiet.stdout)).toEqual(["one", "two"]);
    const crash = await runLogging(`log.info({}, "before the crash");
setTimeout(() => { throw new Error("crash on purpose"); }, 10);`);
    expect(crash.code).toBe(1);
    expect(messagesOf(crash.stdout)).toEqual(["before the crash"]);
  });

  it("stops writing once standard output's reader is gone: no error reaches the caller, and the process exits", async () => {
    // A line now, then one every 30 ms: each is written by the 100 ms flush, into a closed pipe.
    const { code, stderr } = await runWithReaderGone(
      `let threw = 0;
const line = () => { try { log.info({ n: 1 }, "tick"); } catch { threw += 1; } };
line();
const ticking = setInterval(line, 30);
setTimeout(() => { clearInterval(ticking); line(); process.stderr.write("threw " + threw + "\\n"); process.exitCode = 4; }, 600);`,
      5_000,
    );
    expect(stderr).toContain("threw 0");
    expect(code).toBe(4);
  });

  it("writes whole lines, at most 4 KiB at a time, so workers sharing a pipe never mix lines", async () => {
    // Every write to standard output is recorded (size, and whether it ends a line) and reported
    // on standard error when the process ends, after the logger's own flush at exit.
    const { stdout, code } = await runLogging(`import fs from "node:fs";
const writes = [];
const write = fs.writeSync;
fs.writeSync = function (fd, data, ...rest) {
  if (fd === 1) {
    const text = typeof data === "string" ? data : Buffer.from(data).toString("utf8");
    writes.push([Buffer.byteLength(text), text.endsWith("\\n")]);
  }
  return write.call(this, fd, data, ...rest);
};
process.on("exit", () => write.call(fs, 1, "WRITES " + JSON.stringify(writes) + "\\n"));
for (let i = 0; i < 400; i += 1) log.info({ requestId: "r" + i, pad: "x".repeat(i % 300) }, "answered");`);
    expect(code).toBe(0);
    expect(messagesOf(stdout).filter((message) => message === "answered")).toHaveLength(400);
    const report = stdout.split("\n").find((line) => line.startsWith("WRITES "));
    const writes = JSON.parse(report?.slice("WRITES ".length) ?? "[]") as [number, boolean][];
    // Gathered: far fewer writes than lines, each whole lines and no more than a pipe's 4 KiB.
    expect(writes.length).toBeGreaterThan(10);
    expect(writes.length).toBeLessThan(100);
    for (const [bytes, endsLine] of writes.filter(([size]) => size > 0)) {
      expect(bytes).toBeLessThanOrEqual(4096);
      expect(endsLine).toBe(true);
    }
  });
});
