import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { toNodeListener } from "../../src/adapters/node.js";
import { defineApp } from "../../src/index.js";
import { opensslSignature } from "../helpers/openssl.js";
import { rawExchange } from "../helpers/raw-http.js";

const SECRET = "stream-state-secret";

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/**
 * A real node:http server where another part of the program touches each request before the
 * app does (a logger tapping the body, a framework that decodes text), as library users do.
 * The card repeats the customer's first name, so a test sees which body the app read.
 */
async function startServer(touch: (request: IncomingMessage) => void, bodyLimit = 1024) {
  const app = defineApp({
    secrets: SECRET,
    bodyLimit,
    render: ({ request }) => `name ${request.customer?.fname ?? "none"}`,
  });
  const listener = toNodeListener(app);
  server = createServer((request, response) => {
    touch(request);
    listener(request, response);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

function head(body: string, framing: "length" | "chunked"): string {
  const length =
    framing === "length"
      ? `Content-Length: ${Buffer.byteLength(body)}\r\n`
      : "Transfer-Encoding: chunked\r\n";
  return (
    `POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${length}` +
    `X-HelpScout-Signature: ${opensslSignature(body, SECRET)}\r\n\r\n`
  );
}

function chunk(text: string): string {
  return `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
}

describe("defineApp with a request stream someone else has touched", () => {
  it("reads a body whose stream another listener already made flowing, whole and at once", async () => {
    let tapped = 0;
    const port = await startServer((request) => {
      request.on("data", (piece: Buffer) => {
        tapped += piece.length;
      });
    });
    const body = JSON.stringify({ customer: { fname: "Ada", email: "ada@example.com" } });
    const started = performance.now();
    const answer = await rawExchange(port, [head(body, "length") + body], { timeoutMs: 5000 });
    expect(answer.status).toBe(200);
    expect(answer.body.toString("utf8")).toContain("name Ada");
    // The app's body timeout is 10 s: an answer well within it did not wait for a lost 'end'.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(tapped).toBe(Buffer.byteLength(body));
  });

  it("reads every piece of a flowing body that trickles in, not only those after its turn", async () => {
    const port = await startServer((request) => request.on("data", () => {}));
    const body = JSON.stringify({ customer: { fname: "Grace", email: "grace@example.com" } });
    const whole = head(body, "length") + body;
    const cut = whole.length - 10;
    const answer = await rawExchange(
      port,
      [whole.slice(0, cut), { pauseMs: 100 }, whole.slice(cut)],
      { timeoutMs: 5000 },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.toString("utf8")).toContain("name Grace");
  });

  it("counts the limit in bytes when the stream was set to hand out text", async () => {
    const limit = 100;
    const port = await startServer((request) => request.setEncoding("utf8"), limit);
    // 40 two-byte letters: fewer characters than the limit, more bytes than it.
    const body = JSON.stringify({ customer: { fname: "é".repeat(40) } });
    expect(body.length).toBeLessThan(limit);
    expect(Buffer.byteLength(body)).toBeGreaterThan(limit);
    const answer = await rawExchange(port, [head(body, "chunked") + chunk(body) + chunk("")], {
      timeoutMs: 5000,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body.toString("utf8")).code).toBe("payload_too_large");
  });

  it("still takes a text body within the limit", async () => {
    const port = await startServer((request) => request.setEncoding("utf8"), 100);
    const body = JSON.stringify({ customer: { fname: "é".repeat(20) } });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(100);
    const answer = await rawExchange(port, [head(body, "chunked") + chunk(body) + chunk("")], {
      timeoutMs: 5000,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.toString("utf8")).toContain(`name ${"é".repeat(20)}`);
  });
});
