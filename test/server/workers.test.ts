import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveWorkerCount } from "../../src/server/workers.js";
import { opensslSignature } from "../helpers/openssl.js";
import { freePort } from "../helpers/postgres.js";
import { alive } from "../helpers/process-alive.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SECRET = "workers-test-secret";

/**
 * Worker processes run the CLI from plain JavaScript, so the sources are transpiled (without type
 * checking, which `npm test` does anyway) into a folder inside the project, where the packages
 * in node_modules resolve.
 */
function transpileSources(into: string): string {
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)],
    );
  for (const file of walk(join(ROOT, "src")).filter((name) => name.endsWith(".ts"))) {
    const output = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    const target = join(into, relative(ROOT, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  writeFileSync(join(into, "package.json"), '{"type":"module"}');
  return join(into, "src", "cli", "main.js");
}

interface LogLine {
  msg?: string;
  cache?: boolean;
  pid?: number;
  url?: string;
}

/** The lines of workers that listen. */
function listening(lines: LogLine[]): LogLine[] {
  return lines.filter((line) => line.msg === "Dynamic App server listening.");
}

/** The command line a running process was started with. */
function nodeOptionsOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
}

/** The serve command in cluster mode, with every JSON log line it printed so far. */
function startCluster(main: string, cwd: string, port: number, extra: string[] = []) {
  const lines: LogLine[] = [];
  const child = spawn(
    process.execPath,
    // A fixed port: when every worker has died, the primary lets go of the socket, and new
    // workers asking for port 0 would be given another one.
    [main, "serve", "--port", String(port), "--host", "127.0.0.1", "--workers", "2", ...extra],
    { cwd, env: { ...process.env, HELPSCOUT_SECRET: SECRET, LOG_LEVEL: "info" } },
  );
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const part of parts) {
      if (part.startsWith("{")) lines.push(JSON.parse(part) as LogLine);
    }
  });
  const waitFor = async (test: (lines: LogLine[]) => boolean, what: string) => {
    for (let tries = 0; tries < 300; tries += 1) {
      if (test(lines)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Gave up waiting for ${what}; log: ${JSON.stringify(lines)}`);
  };
  /** Waits for both workers and the primary to say they listen; the primary's line. */
  const started = async () => {
    await waitFor((seen) => listening(seen).length === 2, "two workers");
    await waitFor((seen) => seen.some((line) => line.msg === "Workers listening."), "the primary");
    return lines.find((line) => line.msg === "Workers listening.") as LogLine;
  };
  return { child, lines, waitFor, started };
}

function post(url: string) {
  const body = JSON.stringify({ customer: { email: "jan@example.com" } });
  return fetch(url, {
    method: "POST",
    headers: { "x-helpscout-signature": opensslSignature(body, SECRET) },
    body,
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("resolveWorkerCount", () => {
  it("defaults to one worker per core", () => {
    expect(resolveWorkerCount(undefined, {})).toBe(availableParallelism());
    expect(resolveWorkerCount("auto", {})).toBe(availableParallelism());
  });

  it("takes the flag over the WORKERS variable", () => {
    expect(resolveWorkerCount("3", { WORKERS: "5" })).toBe(3);
    expect(resolveWorkerCount(undefined, { WORKERS: "5" })).toBe(5);
  });

  it("refuses what is not a whole number from 1, naming the flag", () => {
    for (const wrong of ["0", "-1", "1.5", "many"]) {
      expect(() => resolveWorkerCount(wrong, {})).toThrow("--workers");
    }
  });
});

describe("serve --workers 2", () => {
  let build: string;
  let main: string;
  let cwd: string;
  beforeAll(() => {
    mkdirSync(join(ROOT, "test-output"), { recursive: true });
    build = mkdtempSync(join(ROOT, "test-output", "workers-"));
    main = transpileSources(build);
    cwd = mkdtempSync(join(build, "run-"));
  });
  afterAll(() => rmSync(build, { recursive: true, force: true }));

  it("shares one port, sums /metrics over workers, replaces a dead worker and stops on SIGTERM", async () => {
    const cluster = startCluster(main, cwd, await freePort());
    try {
      expect((await cluster.started()).cache).toBe(true);
      const urls = new Set(listening(cluster.lines).map((line) => line.url));
      expect(urls.size).toBe(1);
      const url = [...urls][0] as string;

      for (let index = 0; index < 6; index += 1) {
        const response = await post(url);
        expect(response.status).toBe(200);
        expect(await response.text()).toContain("Jan Baker");
      }
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toContain("hsda_workers 2\n");
      expect(metrics).toContain('hsda_requests_total{status="200"} 6\n');

      const [victim, survivor] = listening(cluster.lines).map((line) => line.pid as number);
      // With the cache on, each worker keeps V8's own young generation (see worker-heap.ts).
      for (const pid of [victim, survivor]) {
        expect(nodeOptionsOf(pid as number).some((option) => option.includes("semi-space"))).toBe(
          false,
        );
      }
      process.kill(victim as number, "SIGKILL");
      await cluster.waitFor(
        (lines) => lines.some((line) => line.msg === "A worker died; starting a new one."),
        "the primary to notice the death",
      );
      await cluster.waitFor((lines) => listening(lines).length === 3, "a replacement worker");
      const replacement = listening(cluster.lines)[2]?.pid as number;
      expect([victim, survivor]).not.toContain(replacement);
      expect((await post(url)).status).toBe(200);

      // Both at once: nothing but the restart timer is left to keep the primary alive.
      process.kill(survivor as number, "SIGKILL");
      process.kill(replacement, "SIGKILL");
      await cluster.waitFor((lines) => listening(lines).length === 5, "two more replacements");
      expect(cluster.child.exitCode).toBeNull();
      expect((await post(url)).status).toBe(200);
      const lastTwo = listening(cluster.lines)
        .slice(3)
        .map((line) => line.pid as number);

      cluster.child.kill("SIGTERM");
      expect(await exited(cluster.child)).toBe(0);
      for (const pid of lastTwo) expect(alive(pid)).toBe(false);
    } finally {
      if (cluster.child.exitCode === null) cluster.child.kill("SIGKILL");
    }
  });

  it.each([
    ["the cache is off", ["--no-cache"]],
    // serve gives an app module no cache, whatever the cache flags say.
    [
      "an app module is served",
      ["--app", join(ROOT, "test", "fixtures", "app-modules", "plain-app.mjs")],
    ],
  ])("gives each worker the smaller young generation when %s", async (_, extra) => {
    const cluster = startCluster(main, cwd, await freePort(), extra);
    try {
      expect((await cluster.started()).cache).toBe(false);
      for (const line of listening(cluster.lines)) {
        expect(nodeOptionsOf(line.pid as number)).toContain("--max-semi-space-size=4");
      }
      cluster.child.kill("SIGTERM");
      expect(await exited(cluster.child)).toBe(0);
    } finally {
      if (cluster.child.exitCode === null) cluster.child.kill("SIGKILL");
    }
  });
});
