import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { html } from "../../src/html/html.js";
import { hmacSignature } from "../helpers/openssl.js";
import { buildRawRequest, rawExchange } from "../helpers/raw-http.js";
import { type RunningApp, startApp } from "../helpers/server.js";

// 413 and 408 through defineApp and the node:http adapter on a real socket, with raw bytes so the
// declared length, chunking and pauses are exactly what each test says.
const SECRET = "limits-test-secret-0123456789";
const LIMIT = 2048;
const BODY_TIMEOUT_MS = 500;

let running: RunningApp;

beforeAll(async () => {
  running = await startApp({
    secrets: [SECRET],
    bodyLimit: LIMIT,
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    render: () => html`<p>ok</p>`,
  });
});

afterAll(async () => {
  await running.close();
});

describe("413 over the body limit", () => {
  it("a declared Content-Length over the limit is refused before the body is read", async () => {
    // The head promises a gigabyte and sends nothing: the answer must not wait for it.
    const answer = await rawExchange(running.port, [
      "POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 1073741824\r\nx-helpscout-signature: x\r\n\r\n",
    ]);
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expect(JSON.parse(answer.body.toString()).code).toBe("payload_too_large");
  });

  it("a declared body one byte over the limit", async () => {
    const body = `{"pad":"${"x".repeat(LIMIT - 9)}"}`;
    expect(Buffer.byteLength(body)).toBe(LIMIT + 1);
    const answer = await rawExchange(running.port, [
      buildRawRequest({ body, headers: [["x-helpscout-signature", hmacSignature(body, SECRET)]] }),
    ]);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body.toString()).code).toBe("payload_too_large");
  });

  it("a chunked body that grows one byte past the limit, with no length declared", async () => {
    const half = "x".repeat(LIMIT / 2);
    const answer = await rawExchange(running.port, [
      "POST / HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\nx-helpscout-signature: x\r\n\r\n",
      `${(LIMIT / 2).toString(16)}\r\n${half}\r\n`,
      { pauseMs: 20 },
      `${(LIMIT / 2).toString(16)}\r\n${half}\r\n`,
      { pauseMs: 20 },
      "1\r\nx\r\n",
      { pauseMs: 20 },
      "0\r\n\r\n",
    ]);
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expect(JSON.parse(answer.body.toString()).code).toBe("payload_too_large");
  });

  it("a chunked body of exactly the limit is read and verified", async () => {
    const body = `{"pad":"${"x".repeat(LIMIT - 10)}"}`;
    const answer = await rawExchange(running.port, [
      `POST / HTTP/1.1\r\nhost: x\r\nconnection: close\r\ntransfer-encoding: chunked\r\nx-helpscout-signature: ${hmacSignature(body, SECRET)}\r\n\r\n`,
      `${(1000).toString(16)}\r\n${body.slice(0, 1000)}\r\n`,
      { pauseMs: 20 },
      `${(LIMIT - 1000).toString(16)}\r\n${body.slice(1000)}\r\n0\r\n\r\n`,
    ]);
    expect(answer.status).toBe(200);
  });
});

describe("408 for a slow sender", () => {
  it("a body that stops arriving is answered 408 body_timeout after the body timeout", async () => {
    const started = Date.now();
    const answer = await rawExchange(running.port, [
      "POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\nx-helpscout-signature: x\r\n\r\n",
      '{"ticket":',
    ]);
    expect(answer.status).toBe(408);
    expect(answer.headers.connection).toBe("close");
    expect(JSON.parse(answer.body.toString()).code).toBe("body_timeout");
    expect(Date.now() - started).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
  });

  it("a body that trickles in one byte at a time is cut off too", async () => {
    const steps = [
      "POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 60\r\nx-helpscout-signature: x\r\n\r\n",
      ...Array.from({ length: 60 }, () => ["x", { pauseMs: 50 }] as const).flat(),
    ];
    const answer = await rawExchange(running.port, steps);
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body.toString()).code).toBe("body_timeout");
  });
});
