// `npm run bench`: each server in its own process, driven by wrk with pre-signed bodies over
// 100,000 customers; prints requests/s, p50, p99, peak RSS and the ratio to the bare node:http
// ceiling measured in the same run, then the look-up time at three database sizes.
//
//   npm run bench                   # the whole run, a few minutes
//   npm run bench -- --profile      # also CPU-profile our server and print its hottest functions
//   npm run bench -- --duration 10  # seconds of load per server (default 6)
//   npm run bench -- --rounds 3     # measure every server 3 times, print each one's median run
import { spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { transpileSources } from "./build.js";
import { emailOf, ensureSqliteDataset, fillPostgres, nameOf } from "./dataset.js";
import { createMeasurer } from "./measure.js";
import { summarizeProfile } from "./profile.js";

const { values: flags } = parseArgs({
  options: {
    profile: { type: "boolean", default: false },
    duration: { type: "string", default: "6" },
    connections: { type: "string", default: "50" },
    rounds: { type: "string", default: "1" },
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
const ROUNDS = Number(flags.rounds);
/** Read from the build once it exists (see serveCommand). */
let workerSemiSpaceMb;
let cacheTtlMs;

function say(line) {
  process.stderr.write(`${line}\n`);
}

const { measure } = createMeasurer({
  root: ROOT,
  out: OUT,
  secret: SECRET,
  duration: DURATION,
  warmup: WARMUP,
  connections: flags.connections,
  say,
});

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

function serveCommand(db, extra) {
  const profile = flags.profile ? ["--cpu-prof", "--cpu-prof-dir", join(OUT, "profiles")] : [];
  // One worker, run in-process (`--workers 1`) with the young-generation limit that `serve`
  // gives the workers it forks (src/server/worker-heap.ts), so it measures what a worker runs.
  const semiSpaceMb = workerSemiSpaceMb(!extra.includes("--no-cache"));
  return (port) => [
    process.execPath,
    ...(semiSpaceMb === null ? [] : [`--max-semi-space-size=${semiSpaceMb}`]),
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

/** The command of a peer-baseline card server under bench/servers (see card-work.js). */
function peerCommand(file, db) {
  return (port) => [
    process.execPath,
    join(ROOT, "bench", "servers", file),
    String(port),
    db,
    SECRET,
    BUILD,
  ];
}

/**
 * Whether the cache-on row saw cached entries expire. Each entry is made again once per time to
 * live, at the cost of an uncached request; a window shorter than that leaves this out.
 */
function cacheWindowNote() {
  const seconds = cacheTtlMs / 1000;
  return WARMUP + DURATION < seconds
    ? `the cache-on row's warm-up and measurement take ${WARMUP + DURATION} s, inside the cache's ${seconds} s time to live: no entry expired in it; a longer run also makes each entry again once per ${seconds} s (see npm run soak)`
    : `the cache-on row ran past the cache's ${seconds} s time to live, so it includes entries made again after expiring`;
}

/** The run in the middle by requests/s (the lower middle one of an even count). */
function medianRun(runs) {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  return { ...middle, spread: runs.length > 1 ? [sorted[0].rps, sorted.at(-1).rps] : undefined };
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
  ({ DEFAULT_CACHE_TTL_MS: cacheTtlMs } = await import(join(BUILD, "src", "server", "cache.js")));
  ({ workerSemiSpaceMb } = await import(join(BUILD, "src", "server", "worker-heap.js")));
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
  const { startTestPostgres } = await import(join(BUILD, "test", "helpers", "postgres.js"));
  const postgres = await startTestPostgres({
    extraOptions: ["shared_buffers=256MB", "max_connections=50"],
  });
  const results = [];
  try {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await client.query(POSTGRES_SCHEMA_SQL);
    await fillPostgres(client, CUSTOMERS);
    // Left to itself, PostgreSQL vacuums, analyzes and checkpoints the fresh rows in the
    // background during the first servers' runs, on the same two cores; done now, it is idle.
    await client.query("VACUUM (ANALYZE)");
    await client.query("CHECKPOINT");
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
        key: "plain",
        label: "plain node:http card",
        card: true,
        command: peerCommand("plain-card.js", db),
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
        command: peerCommand("express-card.js", db),
      },
    ];
    // The ceiling is measured again before each other server, in a process of its own started
    // for that run, so it is exactly as warm as the server it is compared with. One ceiling
    // process loaded again and again grew faster than a fresh one (p99 3.8 ms in its first run,
    // 1.9–2.4 ms in the five after it), while each server is measured on a first run of its own.
    const [ceiling] = specs;
    context.reference = () => measure(ceiling, context);
    // With several rounds, every server is measured once per round, in the same order, and each
    // row shows its median round (by requests/s), with that round's latency and memory.
    const rounds = specs.map(() => []);
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const [index, spec] of specs.entries()) {
        say(`measuring ${spec.label}${ROUNDS > 1 ? ` (round ${round} of ${ROUNDS})` : ""}...`);
        rounds[index].push(await measure(spec, context));
      }
    }
    for (const runs of rounds) results.push(medianRun(runs));
  } finally {
    postgres.destroy();
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
    `load: wrk -t1 -c${flags.connections}, ${DURATION} s after ${WARMUP} s warm-up; ${BODIES} signed bodies over ${CUSTOMERS.toLocaleString("en")} customers; server on CPU 0, wrk on CPU 1${ROUNDS > 1 ? `; each row the median of ${ROUNDS} rounds` : ""}`,
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
  if (ROUNDS > 1) {
    lines.push(
      "",
      `req/s over the ${ROUNDS} rounds, lowest to highest: ${results.map((result) => `${result.label}: ${result.spread.map((rps) => Math.round(rps)).join("–")}`).join("; ")}`,
    );
  }
  lines.push(
    "",
    `resident memory at the end (own + mapped files, MB): ${results.map((result) => `${result.label}: ${result.rss.anon.toFixed(0)} + ${result.rss.file.toFixed(0)}`).join("; ")}`,
  );
  const cached = byKey("ours, SQLite, cache on");
  const uncached = byKey("ours, SQLite, cache off");
  const plain = byKey("plain node:http card");
  const express = byKey("Express 5 peer baseline");
  lines.push(
    "",
    `look-up time (SQLite, mean CPU time of 60,000 per size, sizes taking turns): ${sizes.map((count) => `${count.toLocaleString("en")}: ${lookups.store[count].toFixed(2)} µs`).join("; ")}`,
    `the address index probe alone, same addresses: ${sizes.map((count) => `${count.toLocaleString("en")}: ${lookups.probe[count].toFixed(2)} µs`).join("; ")}; 1,000,000 / 1,000: ${(lookups.probe[1_000_000] / lookups.probe[1_000]).toFixed(2)}`,
    `look-up 1,000,000 / 1,000: ${(lookups.store[1_000_000] / lookups.store[1_000]).toFixed(2)}`,
    `ours (SQLite, cache on) / Express: ${(cached.rps / express.rps).toFixed(2)}`,
    `ours (SQLite, cache off) / plain node:http card, per CPU-second: ${(uncached.perCpu / plain.perCpu).toFixed(2)}`,
    `p99 ours (SQLite, cache on) / ceiling: ${(cached.p99 / cached.near.p99).toFixed(2)}`,
    'ratios compare each server with the ceiling loaded just before it ("ceiling then"); req/CPU-s',
    "counts requests per CPU-second of the server process (PostgreSQL's own processes not included)",
    cacheWindowNote(),
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
