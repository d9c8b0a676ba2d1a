import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { html } from "../../src/html/html.js";
import { list, row, section } from "../../src/html/sidebar.js";
import { hmacSignature } from "../helpers/openssl.js";
import { buildRawRequest, rawExchange } from "../helpers/raw-http.js";
import { type RunningApp, startApp } from "../helpers/server.js";
import { postSigned } from "../helpers/signed-request.js";

const SECRET = "handler-test-secret-0123456789";
const LIMIT = 2048;
const DEADLINE_MS = 300;
const BODY_TIMEOUT_MS = 500;

let running: RunningApp;

beforeAll(async () => {
  running = await startApp({
    secrets: [SECRET],
    bodyLimit: LIMIT,
    deadlineMs: DEADLINE_MS,
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    // The body's "mode" picks what the render function does, so one server covers every path.
    render: async ({ request, signal }) => {
      const mode = request.raw.mode;
      if (mode === "throw") throw new Error("render exploded");
      if (mode === "throw-string") throw "a bare string";
      if (mode === "reject-later") {
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new TypeError("late failure");
      }
      if (mode === "hang") return new Promise<never>(() => {});
      if (mode === "hang-until-abort") {
        return new Promise<never>((_, reject) => signal.addEventListener("abort", reject));
      }
      if (mode === "unicode") return html`<p>${"Zoë 李 🦊 Ünïcödé"}</p>`;
      return section(
        request.customerName ?? "Unknown",
        list([
          row("Emails", request.customerEmails.join(", ")),
          row("Subject", request.ticket?.subject),
        ]),
      );
    },
  });
});

afterAll(async () => {
  await running.close();
});

function post(body: string | Uint8Array, options: Parameters<typeof postSigned>[2] = {}) {
  return postSigned(running.url, body, { secret: SECRET, ...options });
}

describe("a signed request", () => {
  it("answers 200 with {html} as JSON, byte-counted, uncached, with a request id", async () => {
    const body = '{"customer":{"fname":"Jan","email":"Jan@Example.com"},"ticket":{"subject":"Hi"}}';
    const answer = await post(body);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(Number(answer.headers.get("content-length"))).toBe(answer.bytes.length);
    expect(answer.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(answer.json ?? {})).toEqual(["html"]);
    expect(answer.json?.html).toContain("jan@example.com");
    expect(answer.json?.html).toContain('<h4 class="c-sb-section__title">Jan</h4>');
  });

  it("counts bytes, not characters, in content-length for non-ASCII HTML", async () => {
    const answer = await post('{"mode":"unicode"}');
    const text = answer.bytes.toString("utf8");
    expect(answer.json?.html).toBe("<p>Zoë 李 🦊 Ünïcödé</p>");
    expect(Number(answer.headers.get("content-length"))).toBe(Buffer.byteLength(text));
    expect(Buffer.byteLength(text)).toBeGreaterThan(text.length);
  });

  it("gives every request its own id", async () => {
    const ids = new Set<string | null>();
    for (let i = 0; i < 5; i++) ids.add((await post("{}")).headers.get("x-request-id"));
    expect(ids.size).toBe(5);
  });

  it("answers on the path with a query string or a trailing slash", async () => {
    expect((await post("{}", { path: "/?source=hs" })).status).toBe(200);
    expect((await post("{}", { path: "//" })).status).toBe(200);
  });

  it("accepts a body of exactly the limit", async () => {
    const body = `{"pad":"${"x".repeat(LIMIT - 10)}"}`;
    expect(Buffer.byteLength(body)).toBe(LIMIT);
    expect((await post(body)).status).toBe(200);
  });

  it("reads the signature header whatever its case on the wire", async () => {
    const body = "{}";
    const answer = await rawExchange(running.port, [
      buildRawRequest({ body, headers: [["X-HelpScout-Signature", hmacSignature(body, SECRET)]] }),
    ]);
    expect(answer.status).toBe(200);
  });
});

/** Checks the shape every error answer has: JSON {error, code}, byte-counted, with an id. */
function expectError(
  answer: {
    status: number;
    headers: Headers;
    bytes: Buffer;
    json: Record<string, unknown> | undefined;
  },
  status: number,
  code: string,
) {
  expect(answer.status).toBe(status);
  expect(answer.json?.code).toBe(code);
  expect(typeof answer.json?.error).toBe("string");
  expect(String(answer.json?.error ?? "").length).toBeGreaterThan(10);
  expect(answer.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(Number(answer.headers.get("content-length"))).toBe(answer.bytes.length);
  expect(answer.headers.get("x-request-id")).toBeTruthy();
}

describe("405 for methods other than POST", () => {
  for (const method of ["GET", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
    it(`${method} answers 405 method_not_allowed with Allow: POST`, async () => {
      const answer = await post("{}", { method });
      expectError(answer, 405, "method_not_allowed");
      expect(answer.headers.get("allow")).toBe("POST");
      expect(answer.json?.error).toContain(method);
    });
  }

  it("HEAD answers 405 with Allow: POST and no body", async () => {
    const answer = await post("", { method: "HEAD" });
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("POST");
    expect(answer.bytes.length).toBe(0);
  });
});

describe("404 off the app's path", () => {
  // Sent over a raw socket: fetch would normalise "/%2e%2e/" and "/a/../" to "/" first.
  for (const path of [
    "/other",
    "/favicon.ico",
    "/%2e%2e/",
    "/a/../",
    "/.env",
    "http://127.0.0.1/x",
  ]) {
    it(`POST ${path} answers 404 not_found`, async () => {
      const body = "{}";
      const answer = await rawExchange(running.port, [
        buildRawRequest({
          path,
          body,
          headers: [["x-helpscout-signature", hmacSignature(body, SECRET)]],
        }),
      ]);
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body.toString()).code).toBe("not_found");
    });
  }

  it("a query string is not part of the path", async () => {
    expect((await post("{}", { path: "/?next=/../x" })).status).toBe(200);
  });

  it("a GET off the path is 404, not 405", async () => {
    expectError(await post("", { method: "GET", path: "/nope" }), 404, "not_found");
  });

  it("the error names the path the app answers on", async () => {
    const answer = await post("{}", { path: "/nope" });
    expect(answer.json?.error).toContain("/");
  });
});

describe("401 without the right signature", () => {
  it("no header: missing_signature", async () => {
    expectError(await postSigned(running.url, "{}"), 401, "missing_signature");
  });

  it("an empty header: missing_signature", async () => {
    expectError(await post("{}", { signature: "" }), 401, "missing_signature");
  });

  it("a wrong signature: invalid_signature", async () => {
    expectError(
      await post("{}", { signature: hmacSignature("{}", "other") }),
      401,
      "invalid_signature",
    );
  });

  it("a signature of other bytes: invalid_signature", async () => {
    expectError(
      await post('{"a":1}', { signature: hmacSignature('{"a": 1}', SECRET) }),
      401,
      "invalid_signature",
    );
  });

  it("a junk header of 1,000 non-ASCII characters: invalid_signature, never a 500", async () => {
    const junk = "é".repeat(1000);
    const answer = await rawExchange(running.port, [
      buildRawRequest({ body: "{}", headers: [["x-helpscout-signature", junk]] }),
    ]);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body.toString()).code).toBe("invalid_signature");
  });
});

describe("400 for signed bytes that are not a JSON object", () => {
  it("invalid_json", async () => {
    expectError(await post("{not json"), 400, "invalid_json");
    expectError(await post(""), 400, "invalid_json");
  });

  it("not_an_object", async () => {
    for (const body of ["[]", "null", "42", '"text"']) {
      expectError(await post(body), 400, "not_an_object");
    }
  });

  it("invalid_encoding", async () => {
    expectError(
      await post(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])),
      400,
      "invalid_encoding",
    );
  });
});

describe("render failures answer a short error card", () => {
  for (const mode of ["throw", "throw-string", "reject-later"]) {
    it(`a render function that fails (${mode}) answers 200 with code render_failed`, async () => {
      const answer = await post(JSON.stringify({ mode }));
      expect(answer.status).toBe(200);
      expect(answer.json?.code).toBe("render_failed");
      const id = answer.headers.get("x-request-id") ?? "missing";
      expect(answer.json?.html).toContain(id);
      expect(answer.json?.html).toContain("c-sb-section");
      expect(answer.json?.html).not.toContain("exploded");
      expect(Number(answer.headers.get("content-length"))).toBe(answer.bytes.length);
    });
  }

  for (const mode of ["hang", "hang-until-abort"]) {
    it(`a render function that never settles (${mode}) answers render_timeout at the deadline`, async () => {
      const started = Date.now();
      const answer = await post(JSON.stringify({ mode }));
      const elapsed = Date.now() - started;
      expect(answer.status).toBe(200);
      expect(answer.json?.code).toBe("render_timeout");
      expect(answer.json?.html).toContain(answer.headers.get("x-request-id") ?? "missing");
      // It waited for the deadline, and did not hang far past it.
      expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS - 20);
      expect(elapsed).toBeLessThan(DEADLINE_MS + 5000);
    });
  }
});
