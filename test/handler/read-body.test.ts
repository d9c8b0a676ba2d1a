import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { defineApp } from "../../src/handler/define-app.js";
import { readBody } from "../../src/handler/read-body.js";
import { isDynamicAppError } from "../../src/protocol/errors.js";
import { hmacSignature } from "../helpers/openssl.js";

const LIMITS = { limit: 16, timeoutMs: 200 };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return isDynamicAppError(error) ? error.code : `threw ${String(error)}`;
  }
}

function webStream(chunks: unknown[], end: "close" | "error" | "hang" = "close") {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk as Uint8Array);
      if (end === "close") controller.close();
      if (end === "error") controller.error(new Error("connection reset"));
    },
  });
}

describe("readBody from bytes", () => {
  it("returns them as a Buffer over the same memory, and refuses more than the limit", async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect([...(await readBody(bytes, undefined, LIMITS))]).toEqual([1, 2, 3]);
    expect(await codeOf(readBody(new Uint8Array(17), undefined, LIMITS))).toBe("payload_too_large");
    expect((await readBody(new Uint8Array(16), undefined, LIMITS)).length).toBe(16);
  });

  it("refuses a declared length over the limit before looking at the body", async () => {
    expect(await codeOf(readBody(new Uint8Array(1), 17, LIMITS))).toBe("payload_too_large");
  });
});

describe("readBody from a Node.js stream", () => {
  it("joins the chunks, strings as UTF-8", async () => {
    const body = await readBody(
      Readable.from([Buffer.from("ab"), "é", Buffer.from("c")]),
      undefined,
      LIMITS,
    );
    expect(body.toString()).toBe("abéc");
  });

  it("stops at the first chunk past the limit", async () => {
    const stream = Readable.from([Buffer.alloc(10), Buffer.alloc(10), Buffer.alloc(10)]);
    expect(await codeOf(readBody(stream, undefined, LIMITS))).toBe("payload_too_large");
  });

  it("times out a stream that never ends", async () => {
    const stream = new PassThrough();
    stream.write("{");
    expect(await codeOf(readBody(stream, undefined, LIMITS))).toBe("body_timeout");
    stream.destroy();
  });

  it("reports a stream that fails or closes early as a body cut off", async () => {
    const failing = new PassThrough();
    const pending = readBody(failing, undefined, LIMITS);
    failing.destroy(new Error("reset"));
    expect(await codeOf(pending)).toBe("body_timeout");
  });
});

describe("readBody from a web ReadableStream", () => {
  it("joins the chunks", async () => {
    const body = await readBody(
      webStream([new Uint8Array([0x7b]), new Uint8Array([0x7d])]),
      undefined,
      LIMITS,
    );
    expect(body.toString()).toBe("{}");
  });

  it("counts string chunks as their UTF-8 bytes", async () => {
    const body = await readBody(webStream(["{", '"é":1}']), undefined, LIMITS);
    expect(body.toString()).toBe('{"é":1}');
    expect(await codeOf(readBody(webStream(["é".repeat(9)]), undefined, LIMITS))).toBe(
      "payload_too_large",
    );
  });

  it("stops past the limit, and times out a stream that never ends", async () => {
    expect(await codeOf(readBody(webStream([new Uint8Array(17)]), undefined, LIMITS))).toBe(
      "payload_too_large",
    );
    expect(await codeOf(readBody(webStream([new Uint8Array(1)], "hang"), undefined, LIMITS))).toBe(
      "body_timeout",
    );
  });

  it("reports a stream that errors as a body cut off, not as a render failure", async () => {
    expect(await codeOf(readBody(webStream([new Uint8Array(1)], "error"), undefined, LIMITS))).toBe(
      "body_timeout",
    );
    const app = defineApp({
      secrets: "s",
      render: () => {
        throw new Error("render must not run");
      },
    });
    const answer = await app.handle({
      method: "POST",
      url: "/",
      headers: { "x-helpscout-signature": hmacSignature("{", "s") },
      body: webStream([new Uint8Array([0x7b])], "error"),
    });
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body.toString()).code).toBe("body_timeout");
  });
});
