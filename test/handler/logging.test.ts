import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { html } from "../../src/html/html.js";
import { hmacSignature } from "../helpers/openssl.js";
import { buildRawRequest, rawExchange } from "../helpers/raw-http.js";
import { type RunningApp, startApp } from "../helpers/server.js";
import { postSigned } from "../helpers/signed-request.js";

const SECRET = "log-test-secret-zq81Xk2Lw9";
const OLD_SECRET = "old-log-secret-Pp3Qr7";
// Every body carries a marker; no log line may hold any of them.
const MARKER = "BODY-MARKER-7f3a";

let running: RunningApp;

beforeAll(async () => {
  running = await startApp({
    secrets: [SECRET, OLD_SECRET],
    bodyLimit: 1024,
    deadlineMs: 200,
    bodyTimeoutMs: 300,
    render: async ({ request, details }) => {
      details.customerFound = false;
      if (request.raw.mode === "throw") throw new Error("render failed on purpose");
      if (request.raw.mode === "hang") return new Promise<never>(() => {});
      return html`<p>${request.customerName}</p>`;
    },
  });
});

afterAll(async () => {
  await running.close();
});

function body(extra: Record<string, unknown> = {}) {
  return JSON.stringify({ customer: { fname: MARKER, email: `${MARKER}@example.com` }, ...extra });
}

async function sendEveryKind(): Promise<Array<{ id: string | null; status: number }>> {
  const sent: Array<{ id: string | null; status: number }> = [];
  const record = (answer: { status: number; headers: Headers }) =>
    sent.push({ id: answer.headers.get("x-request-id"), status: answer.status });
  const url = running.url;
  record(await postSigned(url, body(), { secret: SECRET }));
  record(await postSigned(url, body(), { secret: OLD_SECRET }));
  record(await postSigned(url, body(), { secret: "not-configured" }));
  record(await postSigned(url, body()));
  record(await postSigned(url, `${MARKER} not json`, { secret: SECRET }));
  record(await postSigned(url, `["${MARKER}"]`, { secret: SECRET }));
  record(await postSigned(url, body({ mode: "throw" }), { secret: SECRET }));
  record(await postSigned(url, body({ mode: "hang" }), { secret: SECRET }));
  record(await postSigned(url, body(), { secret: SECRET, method: "PUT" }));
  record(await postSigned(url, body(), { secret: SECRET, path: `/${MARKER}` }));
  const big = body({ pad: "x".repeat(2000) });
  const tooLarge = await rawExchange(running.port, [
    buildRawRequest({
      body: big,
      headers: [["x-helpscout-signature", hmacSignature(big, SECRET)]],
    }),
  ]);
  sent.push({ id: tooLarge.headers["x-request-id"] ?? null, status: tooLarge.status });
  const slow = await rawExchange(running.port, [
    "POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 500\r\nx-helpscout-signature: x\r\n\r\n",
    `{"customer":{"fname":"${MARKER}"`,
  ]);
  sent.push({ id: slow.headers["x-request-id"] ?? null, status: slow.status });
  return sent;
}

describe("what the app logs", () => {
  let sent: Array<{ id: string | null; status: number }> = [];

  beforeAll(async () => {
    sent = await sendEveryKind();
  });

  it("answered every kind of request with an id", () => {
    expect(sent.map((entry) => entry.status)).toEqual([
      200, 200, 401, 401, 400, 400, 200, 200, 405, 404, 413, 408,
    ]);
    for (const entry of sent) expect(entry.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("writes one line per request with its id, status, method, duration and code", () => {
    for (const { id, status } of sent) {
      const lines = running.log.lines.filter(
        (line) => line.fields.requestId === id && typeof line.fields.status === "number",
      );
      expect(lines).toHaveLength(1);
      const [line] = lines;
      expect(line?.fields.status).toBe(status);
      expect(typeof line?.fields.durationMs).toBe("number");
      expect(typeof line?.fields.method).toBe("string");
    }
  });

  it("logs refusals at info, render failures at error, with the error code", () => {
    const byStatus = (status: number) =>
      running.log.lines.find((line) => line.fields.status === status && line.fields.code);
    expect(byStatus(401)).toMatchObject({ level: "info", fields: { code: "invalid_signature" } });
    const renderFailed = running.log.lines.find((line) => line.fields.code === "render_failed");
    const renderTimeout = running.log.lines.find((line) => line.fields.code === "render_timeout");
    expect(renderFailed?.level).toBe("error");
    expect(renderTimeout?.level).toBe("error");
    // The thrown error itself is logged once, for the operator to act on.
    expect(running.log.text()).toContain("render failed on purpose");
  });

  it("carries the render function's details on the request's line", () => {
    const ok = running.log.lines.find((line) => line.fields.status === 200 && !line.fields.code);
    expect(ok?.fields.customerFound).toBe(false);
  });

  it("never logs a secret, a body or anything from it", () => {
    const text = running.log.text();
    expect(running.log.lines.length).toBeGreaterThanOrEqual(sent.length);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(OLD_SECRET);
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain(hmacSignature(body(), SECRET));
  });
});

describe("a logger that throws", () => {
  it("does not turn a request into a failure or a dropped connection", async () => {
    const broken = {
      debug: () => {
        throw new Error("broken logger");
      },
      info: () => {
        throw new Error("broken logger");
      },
      warn: () => {
        throw new Error("broken logger");
      },
      error: () => {
        throw new Error("broken logger");
      },
    };
    const { defineApp } = await import("../../src/handler/define-app.js");
    const app = defineApp({
      secrets: SECRET,
      logger: broken,
      render: ({ log }) => {
        log.info({ step: "render" }, "rendering");
        return html`<p>ok</p>`;
      },
    });
    const bytes = Buffer.from("{}");
    const signed = { "x-helpscout-signature": hmacSignature(bytes, SECRET) };
    const ok = await app.handle({ method: "POST", url: "/", headers: signed, body: bytes });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body.toString())).toEqual({ html: "<p>ok</p>" });
    const refused = await app.handle({ method: "GET", url: "/", headers: {}, body: bytes });
    expect(refused.status).toBe(405);
  });
});

describe("details the render function adds", () => {
  it("cannot overwrite the request id, status or code of the log line", async () => {
    const { captureLogger } = await import("../helpers/log-capture.js");
    const { defineApp } = await import("../../src/handler/define-app.js");
    const log = captureLogger();
    const app = defineApp({
      secrets: SECRET,
      logger: log.logger,
      requestId: () => "real-id",
      render: ({ details }) => {
        Object.assign(details, {
          requestId: "fake",
          status: 299,
          code: "fake",
          customerFound: true,
        });
        throw new Error("after setting details");
      },
    });
    const bytes = Buffer.from("{}");
    await app.handle({
      method: "POST",
      url: "/",
      headers: { "x-helpscout-signature": hmacSignature(bytes, SECRET) },
      body: bytes,
    });
    const line = log.lines.find((entry) => entry.fields.status !== undefined);
    expect(line?.fields).toMatchObject({
      requestId: "real-id",
      status: 200,
      code: "render_failed",
      customerFound: true,
    });
  });
});
