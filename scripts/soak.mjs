// Load and soak: starts `helpscout-app serve` (the built CLI) on loopback, sends signed requests
// from many kept-alive connections for a while, with a share of forged signatures mixed in, and
// samples the server's resident memory. It fails (exit 1) when a valid request is not answered
// with a card, when a forged one is not refused with 401, on any connection error or timeout, when
// memory grows after warm-up, or when the server does not stop cleanly on SIGTERM.
//
//   npm run soak -- --duration 60 --connections 200 --forged 0.1
import { spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const { values: flags } = parseArgs({
  options: {
    duration: { type: "string", default: "60" },
    connections: { type: "string", default: "200" },
    forged: { type: "string", default: "0.1" },
    warmup: { type: "string", default: "10" },
    "max-rss-growth": { type: "string", default: "1.25" },
    "log-level": { type: "string", default: "info" },
    "no-cache": { type: "boolean", default: false },
  },
});
const durationS = Number(flags.duration);
const connections = Number(flags.connections);
const forgedShare = Number(flags.forged);
const warmupS = Math.min(Number(flags.warmup), durationS / 2);
const maxGrowth = Number(flags["max-rss-growth"]);

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "cli", "main.js");
if (!existsSync(cli)) {
  console.error("dist/cli/main.js is missing: run `npm run build` first (`npm run soak` does).");
  process.exit(2);
}

const sign = (body, secret) => createHmac("sha1", secret).update(body).digest("base64");

/** Bodies like Help Scout's: known and unknown customers, drafts, non-ASCII names. */
function bodies(count) {
  const known = [
    "jan@example.com",
    "maria.nunez@example.org",
    "lee@example.net",
    "kenji@example.jp",
  ];
  return Array.from({ length: count }, (_, index) => {
    const email = index % 3 === 0 ? `visitor-${index}@example.org` : known[index % known.length];
    return JSON.stringify({
      ticket:
        index % 10 === 9
          ? false
          : { id: 1000 + index, number: 5000 + index, subject: "Où est ma commande ?" },
      customer: { id: index, fname: "Zoë", lname: `Ñandú ${index}`, email, emails: [email] },
      user: { id: 42, fname: "Agent", lname: "Smith", role: "owner", convRedirect: 0 },
      mailbox: { id: 7, email: "help@example.com" },
    });
  });
}

/** Ways to get the signature wrong, each of which must be refused with 401. */
function forge(body, secret, other, index) {
  const right = sign(body, secret);
  const variants = [
    () => ({ body, signature: sign(body, "not-the-secret") }),
    () => ({ body, signature: sign(other, secret) }),
    () => ({ body, signature: (right[0] === "A" ? "B" : "A") + right.slice(1) }),
    () => ({ body, signature: right.slice(0, 20) }),
    () => ({ body, signature: "!!not base64 at all!!" }),
    () => ({ body: `${body} `, signature: right }),
    () => ({ body: body.replace("example", "exampl3"), signature: right }),
  ];
  return variants[index % variants.length]();
}

const tally = { validOk: 0, validBad: 0, forgedRefused: 0, forgedAccepted: 0, forgedOther: 0 };
const badSamples = [];

function requestPool(secret) {
  const pool = [];
  const texts = bodies(100);
  const forgedEvery = forgedShare > 0 ? Math.round(1 / forgedShare) : Number.POSITIVE_INFINITY;
  texts.forEach((body, index) => {
    const isForged = (index + 1) % forgedEvery === 0;
    const sent = isForged
      ? forge(body, secret, texts[(index + 1) % texts.length], index)
      : { body, signature: sign(body, secret) };
    pool.push({
      method: "POST",
      path: "/",
      headers: { "content-type": "application/json", "x-helpscout-signature": sent.signature },
      body: sent.body,
      onResponse: (status, answer) => {
        if (isForged) {
          if (status === 401) tally.forgedRefused += 1;
          else if (status === 200) tally.forgedAccepted += 1;
          else tally.forgedOther += 1;
          if (status !== 401 && badSamples.length < 5)
            badSamples.push(`forged ${status} ${answer}`);
          return;
        }
        const ok = status === 200 && answer.startsWith('{"html":') && !answer.includes('"code":');
        if (ok) tally.validOk += 1;
        else {
          tally.validBad += 1;
          if (badSamples.length < 5) badSamples.push(`valid ${status} ${answer.slice(0, 200)}`);
        }
      },
    });
  });
  return pool;
}

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? Number.NaN);
}

/** A port nobody listens on now: the kernel picks one, and it is released at once. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once the port takes connections; the log may be too quiet to say so. */
async function accepting(port, child) {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
    const open = await new Promise((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((wake) => setTimeout(wake, 50));
  }
  throw new Error("serve did not start listening within 15 s");
}

async function startServer(secret, cwd, logFd) {
  const port = await freePort();
  const args = ["serve", "--port", String(port), "--host", "127.0.0.1", "--workers", "1"];
  args.push("--secret", secret);
  if (flags["no-cache"]) args.push("--no-cache");
  const child = spawn(process.execPath, [cli, ...args], {
    cwd,
    env: { ...process.env, LOG_LEVEL: flags["log-level"], HELPSCOUT_SECRET: "" },
    // The log goes to a file, as in production: a pipe this busy process drains would be the
    // bottleneck, and the server's memory would measure the generator instead.
    stdio: ["ignore", logFd, "inherit"],
  });
  await accepting(port, child);
  return { child, url: `http://127.0.0.1:${port}` };
}

/** Counts the log's lines and looks for the secret in it, without holding the file in memory. */
async function scanLog(file, secret) {
  let lines = 0;
  let bytes = 0;
  let secretHits = 0;
  let tail = "";
  for await (const chunk of createReadStream(file)) {
    bytes += chunk.length;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
    // Keep the end of each chunk, so a secret split across two chunks is found too.
    const text = tail + chunk.toString("latin1");
    secretHits += text.split(secret).length - 1;
    tail = text.slice(-(secret.length - 1));
  }
  return { lines, bytes, secretHits };
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];

async function main() {
  const secret = randomBytes(20).toString("hex").slice(0, 40);
  const cwd = mkdtempSync(join(tmpdir(), "hsda-soak-"));
  const logFile = join(cwd, "server.log");
  const logFd = openSync(logFile, "w");
  const server = await startServer(secret, cwd, logFd);
  const { url } = server;
  const samples = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    samples.push({ at: (Date.now() - started) / 1000, kib: rssKiB(server.child.pid) });
  }, 1000);

  const result = await autocannon({
    url,
    connections,
    duration: durationS,
    pipelining: 1,
    timeout: 10,
    requests: requestPool(secret),
  });
  clearInterval(sampler);

  server.child.kill("SIGTERM");
  const exitCode = await new Promise((resolve) =>
    server.child.once("exit", (code) => resolve(code)),
  );
  closeSync(logFd);
  const log = await scanLog(logFile, secret);
  rmSync(cwd, { recursive: true, force: true });

  const afterWarmup = samples.filter((sample) => sample.at >= warmupS);
  const firstKiB = median(afterWarmup.slice(0, 3).map((sample) => sample.kib));
  const lastKiB = median(afterWarmup.slice(-3).map((sample) => sample.kib));
  const growth = lastKiB / firstKiB;
  const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;

  const lines = [
    `soak: ${durationS} s, ${connections} connections, ${Math.round(forgedShare * 100)}% forged, server ${url} (1 process)`,
    `requests sent:              ${result.requests.sent}`,
    `answers received:           ${result.requests.total}`,
    `throughput:                 ${Math.round(result.requests.average)} req/s average; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    `valid answered 200 + card:  ${tally.validOk}`,
    `valid not answered so:      ${tally.validBad}`,
    `forged refused 401:         ${tally.forgedRefused}`,
    `forged accepted:            ${tally.forgedAccepted}`,
    `forged other answer:        ${tally.forgedOther}`,
    `connection errors:          ${result.errors}, timeouts: ${result.timeouts}`,
    `server log:                 ${log.lines} lines, ${mib(log.bytes / 1024)}; the secret appears ${log.secretHits} times`,
    `RSS samples (s: MiB):       ${samples.map((sample) => `${Math.round(sample.at)}:${(sample.kib / 1024).toFixed(0)}`).join(" ")}`,
    `RSS after ${warmupS} s warm-up:     first ${mib(firstKiB)}, last ${mib(lastKiB)}, ratio ${growth.toFixed(3)} (limit ${maxGrowth}); max ${mib(Math.max(...samples.map((s) => s.kib)))}`,
    `server exit after SIGTERM:  ${exitCode}`,
  ];
  console.log(lines.join("\n"));
  if (badSamples.length > 0)
    console.log(`examples of wrong answers:\n  ${badSamples.join("\n  ")}`);

  const failures = [];
  if (tally.validBad > 0) failures.push("valid requests not answered with a card");
  if (tally.forgedAccepted + tally.forgedOther > 0)
    failures.push("forged requests not refused with 401");
  if (result.errors > 0 || result.timeouts > 0) failures.push("connection errors or timeouts");
  if (tally.validOk === 0) failures.push("no valid request answered");
  if (!(growth <= maxGrowth)) failures.push(`memory grew ${growth.toFixed(3)}x after warm-up`);
  if (log.secretHits > 0) failures.push("the secret is in the server's log");
  if (exitCode !== 0) failures.push(`the server exited with ${exitCode} on SIGTERM`);
  console.log(failures.length === 0 ? "PASS" : `FAIL: ${failures.join("; ")}`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

await main();
