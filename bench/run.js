// `npm run bench`: each server in its own process, driven by wrk with pre-signed bodies over
// 100,000 customers; prints requests/s, p50, p99, peak RSS and the ratio to the bare node:http
// ceiling measured in the same run, then the look-up time at three database sizes.
//
//   npm run bench                   # the whole run, a few minutes
//   npm run bench -- --profile      # also CPU-profile our server and print its hottest functions
//   npm run bench -- --duration 10  # seconds of load per server (default 6)
import { spawn, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { transpileSources } from "./build.js";
import { emailOf, ensureSqliteDataset, fillPostgres, nameOf } from "./dataset.js";
import { startPostgres } from "./postgres.js";
import { summarizeProfile } from "./profile.js";

const { values: flags } = parseArgs({
  options: {
    profile: { type: "boolean", default: false },
    duration: { type: "string", default: "6" },
    connections: { type: "string", default: "50" },
  },
});
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", "output");
const BUILD = join(OUT, "build");
const SECRET = "bench-secret-0123456789";
const CUSTOMERS = 100_000;
const BODIES = 10_000;
const DURATION = Number(flags.duration);
const WARMUP = 2;
// The server gets one core and wrk the other, so neither steals the other's time.
const SERVER_CPU = ["taskset", "-c", "0"];
const LOAD_CPU = ["taskset", "-c", "1"];

function say(line) {
  process.stderr.write(`${line}\n`);
}

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Signed request bodies (~350 bytes) for random customers, one "<signature>\t<body>" a line. */
function writeBodies(file) {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const lines = [];
  const expected = [];
  for (let index = 0; index < BODIES; index += 1) {
    const n = 1 + Math.floor(random() * CUSTOMERS);
    const body = JSON.stringify({
      ticket: { id: 880000 + index, number: 12000 + index, subject: `Question about order ${n}-0` },
      customer: {
        id: 500000 + n,
        fname: "Customer",
        lname: String(n),
        email: emailOf(n),
        emails: [emailOf(n)],
      },
      user: { id: 42, fname: "Agent", lname: "Smith", role: "owner", convRedirect: 0 },
      mailbox: { id: 7, email: "help@example.com" },
    });
    lines.push(`${createHmac("sha1", SECRET).update(body).digest("base64")}\t${body}`);
    expected.push({ body, name: nameOf(n) });
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
  return expected;
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
      `-c${flags.connections}`,
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

/** The ceiling server, kept running so it can be loaded again before each other server. */
async function startReference(context) {
  const port = await freePort();
  const child = spawn(
    SERVER_CPU[0],
    [
      ...SERVER_CPU.slice(1),
      process.execPath,
      join(ROOT, "bench", "servers", "ceiling.js"),
      String(port),
    ],
    { stdio: "ignore" },
  );
  await waitUntilListening(port, child);
  return {
    async load() {
      wrk(port, WARMUP, context.bodiesFile);
      const before = cpuSeconds(child.pid);
      const run = wrk(port, DURATION, context.bodiesFile);
      const cpu = cpuSeconds(child.pid) - before;
      return {
        rps: run.requests / (run.duration_us / 1e6),
        perCpu: run.requests / cpu,
        p99: run.p99_us / 1000,
      };
    },
    stop: () => child.kill("SIGTERM"),
  };
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
      const hits = value("hsda_cache_hits_total");
      const misses = value("hsda_cache_misses_total");
      if (hits + misses > 0) cache = `${((100 * hits) / (hits + misses)).toFixed(1)}% hits`;
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

function serveCommand(db, extra) {
  const profile = flags.profile ? ["--cpu-prof", "--cpu-prof-dir", join(OUT, "profiles")] : [];
  return (port) => [
    process.execPath,
    ...profile,
    join(BUILD, "src", "cli", "main.js"),
    "serve",
    "--port",
    String(port),
    "--host",
    "127.0.0.1",
    "--workers",
    "1",
    "--db",
    db,
    ...extra,
  ];
}

function pad(text, width, right = false) {
  const value = String(text);
  return right ? value.padStart(width) : value.padEnd(width);
}

async function main() {
  const loadBefore = loadavg();
  mkdirSync(OUT, { recursive: true });
  rmSync(join(OUT, "profiles"), { recursive: true, force: true });
  say("transpiling the sources...");
  transpileSources(ROOT, BUILD);
  const { SCHEMA_SQL } = await import(join(BUILD, "src", "customers", "schema.js"));
  const { POSTGRES_SCHEMA_SQL } = await import(
    join(BUILD, "src", "customers", "postgres-schema.js")
  );
  say("building the SQLite datasets (once; kept in bench/output)...");
  const sizes = [1_000, 100_000, 1_000_000];
  const files = Object.fromEntries(
    sizes.map((count) => [
      count,
      ensureSqliteDataset(join(OUT, `customers-${count}.db`), count, SCHEMA_SQL),
    ]),
  );
  const bodiesFile = join(OUT, "bodies.txt");
  const context = { bodiesFile, expected: writeBodies(bodiesFile) };

  say("starting PostgreSQL and loading 100,000 customers...");
  const postgres = startPostgres(await freePort());
  const results = [];
  try {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await client.query(POSTGRES_SCHEMA_SQL);
    await fillPostgres(client, CUSTOMERS);
    await client.end();

    const db = files[CUSTOMERS];
    const specs = [
      {
        key: "ceiling",
        label: "ceiling: bare node:http",
        command: (port) => [
          process.execPath,
          join(ROOT, "bench", "servers", "ceiling.js"),
          String(port),
        ],
      },
      {
        key: "sqlite-nocache",
        label: "ours, SQLite, cache off",
        card: true,
        ours: true,
        command: serveCommand(db, ["--no-cache"]),
      },
      {
        key: "sqlite-cache",
        label: "ours, SQLite, cache on",
        card: true,
        ours: true,
        command: serveCommand(db, []),
      },
      {
        key: "postgres",
        label: "ours, PostgreSQL, cache off",
        card: true,
        ours: true,
        command: serveCommand(postgres.url, ["--no-cache"]),
      },
      {
        key: "express",
        label: "Express 5 peer baseline",
        card: true,
        command: (port) => [
          process.execPath,
          join(ROOT, "bench", "servers", "express-card.js"),
          String(port),
          db,
          SECRET,
          BUILD,
        ],
      },
    ];
    const reference = await startReference(context);
    context.reference = () => reference.load();
    try {
      for (const spec of specs) {
        say(`measuring ${spec.label}...`);
        results.push(await measure(spec, context));
      }
    } finally {
      reference.stop();
    }
  } finally {
    postgres.stop();
  }

  say("timing look-ups at 1,000 / 100,000 / 1,000,000 customers...");
  const lookup = spawnSync(
    process.execPath,
    [join(ROOT, "bench", "lookup.js"), BUILD, ...sizes.map((count) => `${count}=${files[count]}`)],
    { encoding: "utf8" },
  );
  if (lookup.status !== 0) throw new Error(`lookup.js failed: ${lookup.stderr}`);
  const lookups = JSON.parse(lookup.stdout);

  const byKey = (label) => results.find((each) => each.label === label);
  const lines = [
    `helpscout-dynamic-app benchmark, ${new Date().toISOString()}`,
    `machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; node ${process.version}`,
    `load: wrk -t1 -c${flags.connections}, ${DURATION} s after ${WARMUP} s warm-up; ${BODIES} signed bodies over ${CUSTOMERS.toLocaleString("en")} customers; server on CPU 0, wrk on CPU 1`,
    "",
    `load average before the run: ${loadBefore.map((value) => value.toFixed(2)).join(", ")} (other processes share the machine when it is above 0)`,
    "",
    `${pad("server", 30)}${pad("req/s", 9, true)}${pad("p50 ms", 9, true)}${pad("p99 ms", 9, true)}${pad("peak RSS MB", 13, true)}${pad("/ceiling", 10, true)}${pad("req/CPU-s", 11, true)}${pad("/ceiling", 10, true)}${pad("ceiling then", 14, true)}  cache`,
  ];
  for (const result of results) {
    const near = result.near ?? result;
    lines.push(
      `${pad(result.label, 30)}${pad(Math.round(result.rps), 9, true)}${pad(result.p50.toFixed(2), 9, true)}${pad(result.p99.toFixed(2), 9, true)}${pad(result.rss.peak.toFixed(0), 13, true)}${pad((result.rps / near.rps).toFixed(2), 10, true)}${pad(Math.round(result.perCpu), 11, true)}${pad((result.perCpu / near.perCpu).toFixed(2), 10, true)}${pad(Math.round(near.rps), 14, true)}  ${result.cache}`,
    );
  }
  lines.push(
    "",
    `resident memory at the end (own + mapped files, MB): ${results.map((result) => `${result.label}: ${result.rss.anon.toFixed(0)} + ${result.rss.file.toFixed(0)}`).join("; ")}`,
  );
  const cached = byKey("ours, SQLite, cache on");
  const express = byKey("Express 5 peer baseline");
  lines.push(
    "",
    `look-up time (SQLite, mean CPU time of 60,000 per size, sizes taking turns): ${sizes.map((count) => `${count.toLocaleString("en")}: ${lookups[count].toFixed(2)} µs`).join("; ")}`,
    `look-up 1,000,000 / 1,000: ${(lookups[1_000_000] / lookups[1_000]).toFixed(2)}`,
    `ours (SQLite, cache on) / Express: ${(cached.rps / express.rps).toFixed(2)}`,
    `p99 ours (SQLite, cache on) / ceiling: ${(cached.p99 / cached.near.p99).toFixed(2)}`,
    'ratios compare each server with the ceiling loaded just before it ("ceiling then"); req/CPU-s',
    "counts requests per CPU-second of the server process (PostgreSQL's own processes not included)",
  );
  if (flags.profile) {
    for (const file of readdirSync(join(OUT, "profiles")).filter((name) =>
      name.endsWith(".cpuprofile"),
    )) {
      lines.push("", `profile ${file}:`, ...summarizeProfile(join(OUT, "profiles", file), 25));
    }
  }
  lines.push(`ratio full-pipeline/ceiling: ${(cached.rps / cached.near.rps).toFixed(2)}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
