import { mkdtempSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDemoSqlite } from "../../src/customers/demo-data.js";
import { defineApp } from "../../src/handler/define-app.js";
import { html } from "../../src/html/html.js";
import { runCli } from "../helpers/cli.js";
import { captureLogger } from "../helpers/log-capture.js";
import { hmacSignature } from "../helpers/openssl.js";
import { freePort } from "../helpers/postgres.js";
import { spawnServe } from "./serve-process.js";

// Secrets of the full 40 characters, shaped like the ones `helpscout-app secret` makes.
const FLAG_SECRETS = [
  "FlagSecretOne0123456789abcdefghijklmnopq",
  "FlagSecretTwo0123456789abcdefghijklmnopq",
];
const ENV_SECRETS = [
  "EnvSecretOne0123456789abcdefghijklmnopqr",
  "EnvSecretTwo0123456789abcdefghijklmnopqr",
];
const ALL_SECRETS = [...FLAG_SECRETS, ...ENV_SECRETS];

/** Everything an HTTP exchange showed the client: status line figures, headers and body. */
async function exchange(url: string, init: RequestInit = {}): Promise<string> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const headers: string[] = [];
  response.headers.forEach((value, name) => {
    headers.push(`${name}: ${value}`);
  });
  return `${response.status}\n${headers.join("\n")}\n\n${await response.text()}`;
}

function signedPost(url: string, body: string, secret: string): Promise<string> {
  return exchange(url, {
    method: "POST",
    headers: { "x-helpscout-signature": hmacSignature(body, secret) },
    body,
  });
}

const JAN = JSON.stringify({ ticket: { id: 1 }, customer: { email: "jan@example.com" } });
const LEE = JSON.stringify({ ticket: { id: 2 }, customer: { email: "lee@example.net" } });

/** Every kind of request `serve` answers differently; returns what the client saw of each. */
async function everyKindOfRequest(url: string, secret: string): Promise<string[]> {
  return [
    await signedPost(url, JAN, secret),
    await signedPost(url, JAN, "a-secret-nobody-configured"),
    await exchange(url, { method: "POST", body: JAN }),
    await exchange(url, {
      method: "POST",
      headers: { "x-helpscout-signature": "!!junk!!" },
      body: JAN,
    }),
    await signedPost(url, "{not json", secret),
    await signedPost(url, "[1,2,3]", secret),
    await signedPost(url, "x".repeat(300_000), secret),
    await exchange(url),
    await exchange(`${url}/nowhere`, { method: "POST", body: JAN }),
    await exchange(`${url}/healthz`),
    await exchange(`${url}/metrics`),
  ];
}

describe("the secret never leaves the process", () => {
  it("serve with --secret and HELPSCOUT_SECRET: not in its output, its answers or /metrics, through every kind of request and an error card", async () => {
    const folder = mkdtempSync(join(tmpdir(), "hsda-secret-"));
    const db = join(folder, "customers.db");
    await (await openDemoSqlite(db)).store.close();
    const serve = spawnServe(
      [
        ...["--port", "0", "--host", "127.0.0.1", "--workers", "1", "--no-cache", "--db", db],
        ...FLAG_SECRETS.flatMap((secret) => ["--secret", secret]),
      ],
      { env: { HELPSCOUT_SECRET: ENV_SECRETS.join(","), LOG_LEVEL: "debug" } },
    );
    const seen: string[] = [];
    try {
      const [, url = ""] = await serve.waitFor(/"url":"(http[^"]+)"/);
      for (const secret of ALL_SECRETS) seen.push(...(await everyKindOfRequest(url, secret)));
      // The database goes away: the look-up error is logged with its details, the card shown.
      renameSync(db, `${db}.away`);
      seen.push(await signedPost(url, LEE, FLAG_SECRETS[0] ?? ""));
      seen.push(await exchange(`${url}/healthz`));
      renameSync(`${db}.away`, db);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    const output = serve.output();
    // The run did what it claims: cards, refusals, the error card, its log line and /metrics.
    expect(seen.filter((answer) => answer.includes("Jan Baker"))).toHaveLength(4);
    expect(seen.join("\n")).toContain('"code":"invalid_signature"');
    expect(seen.join("\n")).toContain('"code":"store_unavailable"');
    expect(seen.join("\n")).toContain("# TYPE");
    expect(output).toContain('"code":"store_unavailable"');
    expect(output).toContain('"code":"invalid_signature"');
    for (const secret of ALL_SECRETS) {
      expect(output).not.toContain(secret);
      expect(seen.join("\n")).not.toContain(secret);
    }
  });

  it("demo mode prints the generated secret once, in its banner, and never again", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "hsda-demo-secret-"));
    const serve = spawnServe(["--port", "0", "--host", "127.0.0.1", "--workers", "1"], {
      cwd,
      env: { LOG_LEVEL: "debug" },
    });
    let secret = "";
    const seen: string[] = [];
    try {
      const [, generated = ""] = await serve.waitFor(/generated the secret (\S+)/);
      secret = generated;
      const [, url = ""] = await serve.waitFor(/"url":"(http[^"]+)"/);
      seen.push(...(await everyKindOfRequest(url, secret)));
      renameSync(join(cwd, "data", "customers.db"), join(cwd, "away.db"));
      seen.push(await signedPost(url, LEE, secret));
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    expect(secret).toMatch(/^\S{20,40}$/);
    const lines = serve.output().split("\n");
    expect(lines.filter((line) => line.includes(secret))).toEqual([
      `Demo mode: generated the secret ${secret}`,
    ]);
    expect(seen.join("\n")).not.toContain(secret);
    expect(seen.join("\n")).toContain('"code":"store_unavailable"');
  });

  it("refusing a secret that is too long does not echo it", async () => {
    const tooLong = "TooLongSecret-0123456789-0123456789-0123456789";
    const { code, stdout, stderr } = await runCli(["serve", "--port", "0", "--secret", tooLong]);
    expect(code).toBe(2);
    expect(`${stdout}${stderr}`).not.toContain(tooLong);
    const fromEnv = await runCli(["serve", "--port", "0"], { env: { HELPSCOUT_SECRET: tooLong } });
    expect(fromEnv.code).toBe(2);
    expect(`${fromEnv.stdout}${fromEnv.stderr}`).not.toContain(tooLong);
  });

  it("a database URL's password is not printed when the database cannot be reached", async () => {
    const port = await freePort();
    const password = "Db-Password-7f3a9c";
    const { code, stdout, stderr } = await runCli(
      ["serve", "--port", "0", "--host", "127.0.0.1", "--workers", "1", "--secret", "s"],
      { env: { DATABASE_URL: `postgres://app:${password}@127.0.0.1:${port}/crm` } },
    );
    expect(code).not.toBe(0);
    expect(`${stdout}${stderr}`).toContain(`127.0.0.1:${port}`);
    expect(`${stdout}${stderr}`).not.toContain(password);
  });

  it("the library's logger gets no secret, whatever the request and however the render fails", async () => {
    const log = captureLogger();
    const secrets = ["LibSecretOne-0123456789", "LibSecretTwo-0123456789"];
    const app = defineApp({
      secrets,
      logger: log.logger,
      deadlineMs: 100,
      render: ({ request, log: requestLog }) => {
        requestLog.info({ customer: request.customerEmails.length }, "rendering");
        if (request.ticket?.id === 2) throw new Error("the CRM is down");
        if (request.ticket?.id === 3) return new Promise<never>(() => {});
        return html`<p>ok</p>`;
      },
    });
    const post = (body: string, signature: string | undefined) =>
      app.handle({
        method: "POST",
        url: "/",
        headers: signature === undefined ? {} : { "x-helpscout-signature": signature },
        body: Buffer.from(body),
      });
    const answers = [];
    for (const secret of secrets) {
      for (const id of [1, 2, 3]) {
        const body = JSON.stringify({ ticket: { id }, customer: { email: "jan@example.com" } });
        answers.push(await post(body, hmacSignature(body, secret)));
      }
      answers.push(await post("{}", hmacSignature("{}", `${secret}x`)));
      answers.push(await post("nope", hmacSignature("nope", secret)));
    }
    answers.push(await post("{}", undefined));
    expect(answers.map((answer) => answer.status)).toEqual([
      ...[200, 200, 200, 401, 400],
      ...[200, 200, 200, 401, 400],
      401,
    ]);
    expect(log.lines.length).toBeGreaterThan(10);
    const everything = `${log.text()}\n${answers.map((answer) => answer.body.toString()).join("\n")}`;
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
