import { createServer, type IncomingMessage, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { setImmediate as afterIo } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { takeArrivedBody } from "../../src/handler/read-body.js";
import { isDynamicAppError } from "../../src/protocol/errors.js";

/** What the server's request handler saw, in order. */
type Seen = { at: string; body?: string | undefined; code?: string; ended?: boolean };

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/**
 * A real node:http server whose handler tries to take each body twice: at once, while the HTTP
 * parser is still in the middle of the request, and again at the end of that event-loop turn.
 */
async function startServer(limit: number, seen: Seen[], encoding?: BufferEncoding) {
  server = createServer(async (request: IncomingMessage, response) => {
    if (encoding) request.setEncoding(encoding);
    const declared = Number(request.headers["content-length"]);
    const early = takeArrivedBody(request, declared, limit);
    seen.push({ at: "at once", body: early?.toString("utf8") });
    await afterIo();
    try {
      const body = takeArrivedBody(request, declared, limit);
      if (body === undefined) {
        seen.push({ at: "end of turn", body: undefined });
        request.resume();
        response.end("not yet");
        return;
      }
      const ended = new Promise<boolean>((resolve) => {
        request.once("end", () => resolve(true));
        setTimeout(() => resolve(false), 1000);
      });
      seen.push({ at: "end of turn", body: body.toString("utf8"), ended: await ended });
      response.end(`got ${body.length}`);
    } catch (error) {
      seen.push({ at: "end of turn", code: isDynamicAppError(error) ? error.code : "other" });
      response.end("refused");
    }
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** Sends raw bytes on one connection and resolves with everything the server wrote back. */
function send(port: number, ...pieces: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString("utf8");
    });
    socket.on("error", reject);
    socket.on("end", () => resolve(received));
    socket.on("connect", async () => {
      for (const piece of pieces) {
        socket.write(piece);
        await new Promise((wait) => setTimeout(wait, 50));
      }
      socket.end();
    });
  });
}

function post(body: string, extra = ""): string {
  return `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
}

describe("takeArrivedBody", () => {
  it("takes a body sent in one piece whole at the end of its turn, not before, and lets the request end", async () => {
    const seen: Seen[] = [];
    const port = await startServer(1024, seen);
    const body = JSON.stringify({ customer: { email: "jan@example.com", fname: "Jän" } });
    const answer = await send(port, post(body, "Connection: close\r\n"));
    expect(seen).toEqual([
      { at: "at once", body: undefined },
      { at: "end of turn", body, ended: true },
    ]);
    expect(answer).toContain(`got ${Buffer.byteLength(body)}`);
  });

  it("keeps a kept-alive connection working: two requests in one write, each its own body", async () => {
    const seen: Seen[] = [];
    const port = await startServer(1024, seen);
    const answer = await send(port, post("first") + post("second!", "Connection: close\r\n"));
    expect(seen.filter((each) => each.at === "end of turn").map((each) => each.body)).toEqual([
      "first",
      "second!",
    ]);
    expect(answer.match(/got \d+/g)).toEqual(["got 5", "got 7"]);
  });

  it("leaves a body still on its way to the reader that waits for it", async () => {
    const seen: Seen[] = [];
    const port = await startServer(1024, seen);
    const whole = post("0123456789", "Connection: close\r\n");
    const answer = await send(port, whole.slice(0, -4), whole.slice(-4));
    expect(seen).toEqual([
      { at: "at once", body: undefined },
      { at: "end of turn", body: undefined },
    ]);
    expect(answer).toContain("not yet");
  });

  it("refuses a body over the limit, counting what has arrived when no length was declared", async () => {
    const seen: Seen[] = [];
    const port = await startServer(8, seen);
    await send(
      port,
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
        "9\r\n123456789\r\n0\r\n\r\n",
    );
    expect(seen.at(-1)).toEqual({ at: "end of turn", code: "payload_too_large" });
  });

  it("takes a chunked body and a body read as text", async () => {
    const seen: Seen[] = [];
    const port = await startServer(1024, seen, "utf8");
    await send(
      port,
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
        "3\r\nabc\r\n4\r\ndéf\r\n0\r\n\r\n",
    );
    expect(seen.at(-1)).toMatchObject({ at: "end of turn", body: "abcdéf" });
  });

  it("takes a byte array as it is, within the limit", () => {
    const bytes = new TextEncoder().encode("hello");
    expect(takeArrivedBody(bytes, undefined, 5)?.toString("utf8")).toBe("hello");
    expect(() => takeArrivedBody(bytes, undefined, 4)).toThrow(/larger than the limit of 4/);
    expect(() => takeArrivedBody(bytes, 99, 50)).toThrow(/larger than the limit of 50/);
  });
});
