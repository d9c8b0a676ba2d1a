// Starting a server process, checking its answer, loading it with wrk and reading its CPU time
// and memory: the measuring half of `npm run bench`.
import { spawn, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { openSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";

// The server gets one core and wrk the other, so neither steals the other's time.
const SERVER_CPU = ["taskset", "-c", "0"];
const LOAD_CPU = ["taskset", "-c", "1"];

/**
 * The measuring functions, bound to one run's settings.
 * @param {{ root: string, out: string, secret: string, duration: number, warmup: number,
 *   connections: string, say: (line: string) => void }} settings
 */
export function createMeasurer(settings) {
  const {
    root: ROOT,
    out: OUT,
    secret: SECRET,
    duration: DURATION,
    warmup: WARMUP,
    say,
  } = settings;

  function freePort() {
    return new Promise((resolve) => {
      const probe = createServer();
      probe.listen(0, "127.0.0.1", () => {
        const { port } = probe.address();
        probe.close(() => resolve(port));
      });
    });
  }

  /** One request on a fresh connection (a kept-alive one could be closed by the server mid-way). */
  function call(port, method, path, headers = {}, body = undefined) {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        { host: "127.0.0.1", port, method, path, headers, agent: false },
        (response) => {
          const chunks = [];
          response.on("data", (chunk) => chunks.push(chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString("utf8") }),
          );
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  }

  async function waitUntilListening(port, child) {
    for (let tries = 0; tries < 200; tries += 1) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      const ok = await call(port, "GET", "/healthz").then(
        () => true,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the server did not start listening");
  }

  /** CPU seconds (user + system) a process has used so far. */
  function cpuSeconds(pid) {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // utime and stime are the 12th and 13th fields after the command name, in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  function peakRssMb(pid) {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const mb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
    // Peak, and what the resident memory is made of now: the process's own (heap, caches) and
    // file pages mapped in (SQLite's memory-mapped database).
    return { peak: mb("VmHWM"), anon: mb("RssAnon"), file: mb("RssFile") };
  }

  function wrk(port, seconds, bodiesFile) {
    const result = spawnSync(
      LOAD_CPU[0],
      [
        ...LOAD_CPU.slice(1),
        "wrk",
        "-t1",
        `-c${settings.connections}`,
        `-d${seconds}s`,
        "-s",
        join(ROOT, "bench", "post-bodies.lua"),
        `http://127.0.0.1:${port}/`,
        "--",
        bodiesFile,
      ],
      { encoding: "utf8" },
    );
    const line = result.stdout.split("\n").find((each) => each.startsWith("{"));
    if (!line) throw new Error(`wrk gave no summary: ${result.stderr}${result.stdout}`);
    return JSON.parse(line);
  }

  /** Starts one server, checks its answer, loads it, and stops it. */
  async function measure(spec, context) {
    const port = await freePort();
    const log = openSync(join(OUT, `${spec.key}.log`), "w");
    const child = spawn(SERVER_CPU[0], [...SERVER_CPU.slice(1), ...spec.command(port)], {
      cwd: OUT,
      stdio: ["ignore", log, log],
      env: { ...process.env, HELPSCOUT_SECRET: SECRET, LOG_LEVEL: "info" },
    });
    try {
      await waitUntilListening(port, child);
      const sample = context.expected[0];
      const signature = createHmac("sha1", SECRET).update(sample.body).digest("base64");
      const headers = { "content-type": "application/json", "x-helpscout-signature": signature };
      const check = await call(port, "POST", "/", headers, sample.body);
      const { text } = check;
      if (check.status !== 200 || (spec.card && !text.includes(sample.name))) {
        throw new Error(`${spec.label} answered ${check.status}: ${text.slice(0, 200)}`);
      }
      // The ceiling is measured again right before each server, so each ratio compares two runs
      // a few seconds apart: other load on the machine drifts less in between.
      const near = spec.key === "ceiling" ? undefined : await context.reference();
      wrk(port, WARMUP, context.bodiesFile);
      const cpuBefore = cpuSeconds(child.pid);
      const run = wrk(port, DURATION, context.bodiesFile);
      const cpu = cpuSeconds(child.pid) - cpuBefore;
      if (run.status_errors > 0 || run.socket_errors > 0) {
        say(
          `  ${spec.label}: ${run.status_errors} non-2xx answers, ${run.socket_errors} socket errors`,
        );
      }
      const rss = peakRssMb(child.pid);
      let cache = "";
      if (spec.ours) {
        const metrics = (await call(port, "GET", "/metrics")).text;
        const value = (name) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(metrics)?.[1] ?? 0);
        const share = (prefix) => {
          const hits = value(`${prefix}_hits_total`);
          const misses = value(`${prefix}_misses_total`);
          return hits + misses > 0 ? `${((100 * hits) / (hits + misses)).toFixed(1)}%` : undefined;
        };
        const answers = share("hsda_answer_cache");
        const lookups = share("hsda_cache");
        if (answers !== undefined || lookups !== undefined) {
          cache = `answers ${answers ?? "-"} / look-ups ${lookups ?? "-"} hits`;
        }
      }
      return {
        label: spec.label,
        rps: run.requests / (run.duration_us / 1e6),
        perCpu: run.requests / cpu,
        p50: run.p50_us / 1000,
        p99: run.p99_us / 1000,
        rss,
        cache,
        near,
      };
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) =>
        child.exitCode !== null ? resolve() : child.once("exit", resolve),
      );
    }
  }

  return { freePort, measure };
}
